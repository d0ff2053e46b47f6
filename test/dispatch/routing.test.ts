import { regionLevels } from '../../src/dispatch/routing';

test.each([
  ['440106', { cityCode: '440100', districtCode: '440106', townCode: null }],
  ['440106011', { cityCode: '440100', districtCode: '440106', townCode: '440106011' }],
  // 东莞 has towns and no districts.
  ['441900003', { cityCode: '441900', districtCode: null, townCode: '441900003' }],
  ['440100', { cityCode: '440100', districtCode: null, townCode: null }],
  ['440000', { cityCode: null, districtCode: null, townCode: null }],
  [null, { cityCode: null, districtCode: null, townCode: null }],
])('region %s stands for %o', (code, levels) => {
  expect(regionLevels(code)).toEqual(levels);
});
