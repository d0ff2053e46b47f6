/**
 * Dispatch rules in one pure function: where a classified contact should go.
 *
 * The union closest to where it happened handles it: the town/street union when the town is
 * known, else the district's, else the city's; with no place known it waits in the centre's
 * queue for a person. Mass incidents and crises also alert the city union, whose supervisors
 * answer for the urgent path.
 */
import type { Category } from '../work-orders/work-order.entity';

export interface RouteInput {
  category: Category;
  mass: boolean;
  crisis: boolean;
  platform: boolean;
  employer: string | null;
  cityCode: string | null;
  districtCode: string | null;
  townCode: string | null;
}

export interface UnitSummary {
  id: number;
  name: string;
}

export interface Route {
  /** The suggested handling unit; null: the centre's queue decides. */
  unit: UnitSummary | null;
  level: 'town' | 'district' | 'city' | 'centre';
  reason: string;
  /** Units whose supervisors are alerted at once (urgent contacts only). */
  alert: UnitSummary[];
}

/** `byCode` answers the union for a region code, if one exists. */
export function routeContact(input: RouteInput, byCode: (code: string) => UnitSummary | undefined): Route {
  const city = input.cityCode ? byCode(input.cityCode) : undefined;
  const alert = (input.mass || input.crisis) && city ? [city] : [];
  const candidates: Array<[Route['level'], string | null, string]> = [
    ['town', input.townCode, '事发地镇（街道）明确'],
    ['district', input.districtCode, '事发地镇（街道）不明，按县区'],
    ['city', input.cityCode, '事发地县区不明，按地市'],
  ];
  for (const [level, code, why] of candidates) {
    const unit = code ? byCode(code) : undefined;
    if (unit) return { unit, level, reason: `${why}，建议交${unit.name}办理`, alert };
  }
  return { unit: null, level: 'centre', reason: '未能确定事发地，由热线中心人工分派', alert };
}
