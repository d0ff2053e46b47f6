import { Harness } from '../support/harness';

/** The hand-written migrations must produce exactly the schema the entities describe. */
test('after the migrations the entities need no further schema change', async () => {
  const h = await Harness.start();
  try {
    const log = await h.services.ds.driver.createSchemaBuilder().log();
    expect(log.upQueries.map((q) => q.query)).toEqual([]);
  } finally {
    await h.stop();
  }
});

test('the union tree is seeded from the divisions: province, 21 cities, districts and towns', async () => {
  const h = await Harness.start();
  try {
    const rows: Array<{ level: string; n: number | string }> = await h.services.ds.query(
      'SELECT level, COUNT(*) AS n FROM org_unit GROUP BY level ORDER BY level');
    const counts = Object.fromEntries(rows.map((r) => [r.level, Number(r.n)]));
    expect(counts.province).toBe(1);
    expect(counts.city).toBe(21);
    expect(counts.district).toBeGreaterThan(100);
    expect(counts.town).toBeGreaterThan(1500);
    // Dongguan has no districts: its towns hang under the city union.
    const res = await h.as('demo-admin', 'GET', '/api/v1/orgs?code=441900');
    const towns = await h.as('demo-admin', 'GET', `/api/v1/orgs/${res.body.items[0].id}/children`);
    expect(towns.body.items.map((u: any) => u.level)).toEqual(expect.arrayContaining(['town']));
    expect(towns.body.items.map((u: any) => u.name)).toContain('塘厦镇总工会');
  } finally {
    await h.stop();
  }
});
