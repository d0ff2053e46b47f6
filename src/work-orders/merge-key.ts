import type { Classification } from '../classification/classifier';

// Legal forms and generic words that vary between mentions of the same employer.
const EMPLOYER_NOISE = /(股份有限公司|有限责任公司|有限公司|集团|公司|分公司|总厂|工厂|厂|的)$/;

/**
 * The employer's name as the merge key: place names, legal form and spacing removed, so
 * "东莞市塘厦恒达电子厂" and "恒达电子有限公司" meet.
 */
export function employerKey(c: Pick<Classification, 'employer' | 'city' | 'district' | 'town'>): string | null {
  if (!c.employer) return null;
  let key = c.employer.replace(/[\s·（）()【】\[\]"“”'‘’]/g, '');
  for (const place of ['广东省', '广东', c.city, c.city?.replace(/市$/, ''), c.district, c.district?.replace(/[区县市]$/, ''), c.town, c.town?.replace(/(镇|街道|乡)$/, '')]) {
    if (place && key.startsWith(place)) key = key.slice(place.length);
  }
  while (EMPLOYER_NOISE.test(key)) key = key.replace(EMPLOYER_NOISE, '');
  return key.length >= 2 ? key : null;
}

/** What 并单 finds an order by: its employer's key and its district (a city's own order: the city). */
export function mergeKeys(c: Pick<Classification, 'employer' | 'city' | 'district' | 'town' | 'cityCode' | 'districtCode'>): { employerKey: string | null; districtCode: string | null } {
  return { employerKey: employerKey(c), districtCode: c.districtCode ?? c.cityCode };
}
