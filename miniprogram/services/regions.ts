/** Places for the region picker: /mp/public/regions. */
import { call } from './http';

export interface Region {
  code: string;
  name: string;
  level: 'city' | 'district' | 'town';
  hasChildren: boolean;
}

/** The cities, or the places one level under `parentCode`. */
export async function regionsUnder(parentCode?: string): Promise<Region[]> {
  return (await call<{ items: Region[] }>('GET', '/mp/public/regions', { query: { parentCode } })).items;
}
