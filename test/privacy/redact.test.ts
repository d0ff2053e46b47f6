import { redactPersonalData } from '../../src/privacy/redact';

test.each([
  ['我的电话13712345678，请联系', '我的电话137****5678，请联系'],
  ['手机 137-1234-5678 或 137 1234 5678', '手机 137****5678 或 137****5678'],
  ['身份证号44010619900101123X，工资卡6222021234567890123', '身份证号4*************123X，工资卡6**************0123'],
  ['老身份证440106900101123', '老身份证4**********1123'],
  ['我叫张三，在天河区上班', '我叫张*，在天河区上班'],
  ['姓名：欧阳明月。电话020-87654321', '姓名：欧***。电话020-87654321'],
  ['我叫王小明今年三十岁', '我叫王**今年三十岁'],
])('%s', (text, redacted) => {
  expect(redactPersonalData(text)).toBe(redacted);
});

test('amounts, dates, order numbers, landlines and plain words are left as written', () => {
  const text = '我是一名保安，2026年3月起拖欠工资20000元共3个月，工单GD-20261105-000026，单位电话020-87654321，本人在天河区上班';
  expect(redactPersonalData(text)).toBe(text);
});
