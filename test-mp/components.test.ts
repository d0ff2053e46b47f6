import { ACTION_LABELS, STATUS_LABELS } from '../miniprogram/utils/status';
import { fakeWx } from './support/fake-wx';
import { fire, listen, render, settle, textOf, textsOf } from './support/render';

describe('timeline', () => {
  test('renders the server\'s steps in order, in Shanghai time, the latest one marked', async () => {
    const timeline = render('components/timeline/index', {
      items: [
        { at: '2026-03-02T02:00:00.000Z', text: '诉求已受理，生成工单' },
        { at: '2026-03-02T06:30:00.000Z', text: '已交由广州市总工会办理' },
        { at: '2026-03-03T01:05:00.000Z', text: '广州市总工会正在办理' },
      ],
    });
    await settle();
    expect(textsOf(timeline, '.step-text')).toEqual(['诉求已受理，生成工单', '已交由广州市总工会办理', '广州市总工会正在办理']);
    expect(textsOf(timeline, '.step-time')).toEqual(['2026-03-02 10:00', '2026-03-02 14:30', '2026-03-03 09:05']);
    expect(textsOf(timeline, '.step-current .step-text')).toEqual(['广州市总工会正在办理']);
    expect(timeline.querySelector('.empty')).toBeUndefined();
  });

  test('says so when there is nothing yet', async () => {
    const timeline = render('components/timeline/index', { items: [] });
    await settle();
    expect(textOf(timeline, '.empty')).toBe('暂无进展');
  });
});

describe('status-badge', () => {
  test.each(Object.entries(STATUS_LABELS))('%s reads %s', async (status, label) => {
    const badge = render('components/status-badge/index', { status });
    await settle();
    expect(textOf(badge, '.badge')).toBe(label);
  });

  test('tones tell waiting from done', async () => {
    const waiting = render('components/status-badge/index', { status: 'dispatched' });
    const done = render('components/status-badge/index', { status: 'closed' });
    await settle();
    expect(waiting.querySelector('.badge-waiting')).toBeDefined();
    expect(done.querySelector('.badge-done')).toBeDefined();
  });
});

describe('action-bar', () => {
  test('shows a button for each allowed action the mini-program offers, in the server\'s order', async () => {
    const bar = render('components/action-bar/index', {
      // `add_cohandler` and `request_extension` stay in the console: no button here.
      actions: ['dispatch', 'return', 'request_extension', 'report', 'add_cohandler'],
    });
    await settle();
    expect(textsOf(bar, '.action')).toEqual([ACTION_LABELS.dispatch, ACTION_LABELS.return, ACTION_LABELS.report]);
  });

  test('no allowed action, no bar', async () => {
    const bar = render('components/action-bar/index', { actions: [] });
    await settle();
    expect(bar.querySelector('.action-bar')).toBeUndefined();
  });

  test('a tap fires `action` with the action; busy, it fires nothing', async () => {
    fakeWx({});
    const bar = render('components/action-bar/index', { actions: ['sign', 'return'] });
    const fired = listen<{ action: string }>(bar, 'action');
    await settle();
    await fire(bar, '.action-return', 'tap');
    expect(fired).toEqual([{ action: 'return' }]);
    bar.setData({ busy: true });
    await fire(bar, '.action-sign', 'tap');
    expect(fired).toEqual([{ action: 'return' }]);
  });
});

describe('photo-picker', () => {
  test('uploads each chosen photo at once and reports the ids', async () => {
    const fake = fakeWx({});
    fake.storage.set('session.staff', { token: 'staff-token', expiresAt: '2099-01-01T00:00:00Z', user: {} });
    const picker = render('components/photo-picker/index', { max: 9, as: 'staff' });
    const changes = listen<{ ids: number[]; uploading: boolean }>(picker, 'change');
    await settle();
    await fire(picker, '.add', 'tap');
    await settle(10);
    expect(fake.uploads).toEqual([
      { filePath: 'wxfile://tmp/chosen-0.jpg', header: { authorization: 'Bearer staff-token' } },
      { filePath: 'wxfile://tmp/chosen-1.jpg', header: { authorization: 'Bearer staff-token' } },
    ]);
    expect(changes.at(-1)).toEqual({ ids: [101, 102], uploading: false });
    expect(textOf(picker, '.count')).toBe('2/9');
  });
});
