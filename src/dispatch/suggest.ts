import type { EntityManager } from 'typeorm';
import type { OrgService } from '../orgs/org.service';
import { Route, routeContact, RouteInput } from './routing';

/** The dispatch rules applied with the union units of the input's region codes looked up. */
export async function suggestRoute(orgs: OrgService, input: RouteInput, em?: EntityManager): Promise<Route> {
  const codes = [input.townCode, input.districtCode, input.cityCode].filter((x): x is string => !!x);
  const units = codes.length ? await orgs.byCodes(codes, em) : [];
  const byCode = new Map(units.map((u) => [u.code!, { id: u.id, name: u.name }]));
  return routeContact(input, (code) => byCode.get(code));
}
