import { Harness } from '../support/harness';

/** Order numbers count per day in Shanghai: GD-YYYYMMDD-NNNNNN, from 000001 each day. */
const sh = (local: string) => new Date(`${local.replace(' ', 'T')}+08:00`);
let now = sh('2031-01-06 23:59');
let h: Harness;
beforeAll(async () => {
  h = await Harness.start({ clock: () => now });
});
afterAll(() => h.stop());

test('numbers run on within a day, registrations at once get distinct ones, and the next day starts again at 1', async () => {
  expect((await h.register()).number).toBe('GD-20310106-000001');
  expect((await h.register()).number).toBe('GD-20310106-000002');

  const together = await Promise.all(Array.from({ length: 10 }, () => h.register()));
  expect(together.map((o) => o.number).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `GD-20310106-${String(i + 3).padStart(6, '0')}`));

  // Midnight in Shanghai is 16:00 UTC the day before.
  now = sh('2031-01-07 00:00');
  expect((await h.register()).number).toBe('GD-20310107-000001');
  expect((await h.register()).number).toBe('GD-20310107-000002');
});
