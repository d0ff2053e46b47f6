import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

test('CLI writes exactly one JSON object per input line, empty lines included', () => {
  const input = ['我在佛山南海区狮山镇一家五金厂，老板拖欠三个月工资', '', 'hello', '番禺那边的鞋厂天天加班到凌晨，周末也不休息'].join('\n');
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'classification', 'cli.ts')], {
    input,
    encoding: 'utf8',
    cwd: ROOT,
  });
  expect(run.status).toBe(0);
  const lines = run.stdout.split('\n').filter((l) => l.length > 0);
  expect(lines).toHaveLength(4);
  const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(records[0]).toMatchObject({ category: 'wages', city: '佛山市', district: '南海区', town: '狮山镇', mass: false, crisis: false, platform: false });
  expect(records[1]).toMatchObject({ category: 'other', city: null, district: null });
  expect(records[2]).toMatchObject({ category: 'other' });
  expect(records[3]).toMatchObject({ category: 'hours_leave', city: '广州市', district: '番禺区' });
});
