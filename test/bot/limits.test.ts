import { PerSender, RecentIds, SenderLimit } from '../../bot/limits';

test('a flooding sender gets one notice, then silence until the mute ends', () => {
  let now = 0;
  const limit = new SenderLimit(3, 5 * 60_000, () => now);
  const takes = () => Array.from({ length: 6 }, () => limit.take('wx-a'));
  expect(takes()).toEqual(['ok', 'ok', 'ok', 'notice', 'drop', 'drop']);
  expect(limit.take('wx-b')).toBe('ok');
  now += 4 * 60_000;
  expect(limit.take('wx-a')).toBe('drop');
  now += 60_000 + 1;
  expect(limit.take('wx-a')).toBe('ok');
});

test('messages spread over time never hit the limit', () => {
  let now = 0;
  const limit = new SenderLimit(3, 60_000, () => now);
  for (let i = 0; i < 20; i++) {
    expect(limit.take('wx-a')).toBe('ok');
    now += 21_000;
  }
});

test('recent ids: a repeat is refused, the oldest fall out', () => {
  const ids = new RecentIds(2);
  expect([ids.add('a'), ids.add('a'), ids.add('b'), ids.add('c'), ids.add('a')]).toEqual([true, false, true, true, true]);
});

test("one sender's work runs in order; others do not wait for it", async () => {
  const queue = new PerSender();
  const done: string[] = [];
  const slow = (name: string, ms: number) => () => new Promise<void>((resolve) => setTimeout(() => {
    done.push(name);
    resolve();
  }, ms));
  const work = [queue.run('a', slow('a1', 30)), queue.run('a', slow('a2', 1)), queue.run('b', slow('b1', 1))];
  await queue.drain();
  await Promise.all(work);
  expect(done).toEqual(['b1', 'a1', 'a2']);
  await expect(queue.run('a', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  await expect(queue.run('a', slow('a3', 1))).resolves.toBeUndefined();
});
