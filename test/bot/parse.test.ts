import {
  chineseNumber, commandOf, dontKnow, isSolved, isUnsolved, orderNumberIn, parseHeadcount, parsePhone, parseYesNo, wantsAnonymous,
} from '../../src/bot-gateway/parse';

describe('phone numbers', () => {
  test.each([
    ['13812345678', '13812345678'],
    ['我的电话是 138 1234 5678', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['+86 13812345678', '13812345678'],
    ['１３８１２３４５６７８', '13812345678'],
    ['020-87654321', '02087654321'],
    ['0757 8123 4567', '075781234567'],
  ])('%s → %s', (text, phone) => expect(parsePhone(text)).toBe(phone));

  test.each(['1381234567', '138123456789', '12345678', '电话不方便', '23812345678'])('%s is not a phone number', (text) => {
    expect(parsePhone(text)).toBeNull();
  });
});

describe('head counts', () => {
  test.each([
    ['就我一个', 1],
    ['只有我自己', 1],
    ['一个人', 1],
    ['30', 30],
    ['三十多', 30],
    ['大概二十来个', 20],
    ['我们两个', 2],
    ['十几个工人', 12],
    ['三十多个工友都没拿到工资', 30],
    ['差不多 150 人', 150],
    ['上百人', 100],
    ['一百二十人左右', 120],
  ])('%s → %d', (text, n) => expect(parseHeadcount(text)).toBe(n));

  test.each(['很多', '不知道', '我们厂', ''])('%s gives no number', (text) => expect(parseHeadcount(text)).toBeNull());

  test('Chinese numerals', () => {
    expect([chineseNumber('三十'), chineseNumber('两百零五'), chineseNumber('两万'), chineseNumber('十'), chineseNumber('多')]).toEqual([30, 205, 20_000, 10, 0]);
  });
});

describe('yes, no, anonymous, unknown', () => {
  test.each([['是', 'yes'], ['好的！', 'yes'], ['确认', 'yes'], ['没问题', 'yes'], ['OK', 'yes'], ['不对', 'no'], ['修改', 'no'], ['不是的', 'no'], ['我想想', null]])(
    '%s → %s', (text, answer) => expect(parseYesNo(text)).toBe(answer),
  );

  test.each(['匿名', '不留了', '不方便留电话', '不用', '跳过'])('%s declines a phone number', (text) => expect(wantsAnonymous(text)).toBe(true));
  test.each(['13812345678', '好的'])('%s does not', (text) => expect(wantsAnonymous(text)).toBe(false));

  test('not knowing is an answer', () => {
    expect([dontKnow('不知道'), dontKnow('不清楚。'), dontKnow('恒达电子厂')]).toEqual([true, true, false]);
  });

  test('after an answer: solved or not', () => {
    expect(['没有解决', '还是没解决啊', '转人工', '没有', '看不懂', '谢谢'].map(isUnsolved)).toEqual([true, true, true, true, true, false]);
    // A new question that happens to say 不明白 is a new question.
    expect(isUnsolved('我还是不明白，休息日加班没有安排补休的话加班费怎么算？')).toBe(false);
    expect(['解决了，谢谢', '谢谢！', '是的', '明白了', '没有', '没解决'].map(isSolved)).toEqual([true, true, true, true, false, false]);
  });
});

describe('commands and order numbers', () => {
  test('a whole reply is a command; a sentence containing the word is not', () => {
    expect(commandOf('我的工单')).toBe('list');
    expect(commandOf(' 投诉 ')).toBe('complain');
    expect(commandOf('转人工！')).toBe('person');
    expect(commandOf('取消')).toBe('cancel');
    expect(commandOf('你好')).toBe('help');
    expect(commandOf('我要投诉老板拖欠工资')).toBeNull();
    expect(commandOf('谢谢你们的帮助！')).toBe('thanks');
    expect(commandOf('谢谢，加班费怎么算？')).toBeNull();
  });

  test('order numbers, however spaced', () => {
    expect(orderNumberIn('查询 GD-20260302-000001')).toBe('GD-20260302-000001');
    expect(orderNumberIn('查一下gd20260302000001')).toBe('GD-20260302-000001');
    expect(orderNumberIn('查询 GD-2026')).toBeNull();
  });
});
