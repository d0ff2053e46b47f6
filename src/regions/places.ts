/**
 * Guangdong's cities, districts and towns/streets by code — the places a worker picks from and
 * an order's region stands for — the same divisions the union tree is built on, so a place
 * always has a union to route to.
 */
import type { StatedFacts } from '../intake/intake.service';
import { GUANGDONG, guangdongRegions, Region } from './division';

let index: { byCode: Map<string, Region>; children: Map<string, Region[]> } | undefined;

function regions() {
  if (index) return index;
  const byCode = new Map<string, Region>();
  const children = new Map<string, Region[]>();
  for (const r of guangdongRegions()) {
    byCode.set(r.code, r);
    children.set(r.parentCode, [...(children.get(r.parentCode) ?? []), r]);
  }
  index = { byCode, children };
  return index;
}

/** The places directly under a code (the province by default): what one picker column lists. */
export function regionChildren(parentCode: string = GUANGDONG.code) {
  const { children } = regions();
  return (children.get(parentCode) ?? []).map((r) => ({
    code: r.code, name: r.name, level: r.level, hasChildren: children.has(r.code),
  }));
}

export interface Place {
  code: string;
  /** "广州市天河区石牌街道" */
  name: string;
  /** The place at every level, as intake's classification names them. */
  facts: Required<Omit<StatedFacts, 'employer'>>;
}

/** A picked place with its city and district; null for a code that is not a Guangdong place. */
export function placeOf(code: string): Place | null {
  const { byCode } = regions();
  const chain: Region[] = [];
  for (let r = byCode.get(code); r; r = byCode.get(r.parentCode)) chain.unshift(r);
  if (!chain.length) return null;
  const at = (level: Region['level']) => chain.find((r) => r.level === level) ?? null;
  const [city, district, town] = [at('city'), at('district'), at('town')];
  return {
    code,
    name: chain.map((r) => r.name).join(''),
    facts: {
      city: city?.name ?? null, cityCode: city?.code ?? null,
      district: district?.name ?? null, districtCode: district?.code ?? null,
      town: town?.name ?? null, townCode: town?.code ?? null,
    },
  };
}

/** The place no finer than its district (towns are dropped): what public pages may say. */
export function districtOf(code: string | null): Place | null {
  const place = code ? placeOf(code) : null;
  if (!place) return null;
  return placeOf(place.facts.districtCode ?? place.facts.cityCode ?? code!);
}
