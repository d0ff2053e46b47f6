/**
 * A province's own time limits: a JSON file (SLA_POLICY_FILE) that overrides any part of the
 * default SLA table, e.g. `{"handle": {"complex": {"regular": {"workingDays": 13}}}}`. Unions
 * set different limits (DOMAIN.md: complex orders "up to 13" working days), so every number
 * of the table can be changed here; what the file leaves out keeps its default.
 */
import { z } from 'zod';
import { readConfigFile } from '../config-file';
import type { Difficulty } from '../work-orders/work-order.entity';
import type { SlaPolicy } from './sla-policy';

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const workingDays = z.strictObject({ workingDays: int(1, 60) });
const duration = z.union([workingDays, z.strictObject({ clockMinutes: int(1, 10_080) })]);
const urgencies = <T extends z.ZodType>(value: T) => z.strictObject({ regular: value, urgent: value }).partial();

const overridesSchema = z.strictObject({
  sign: urgencies(duration),
  handle: z.strictObject({
    normal: urgencies(workingDays), hard: urgencies(workingDays), complex: urgencies(workingDays),
  } satisfies Record<Difficulty, unknown>).partial(),
  extension: z.strictObject({ maxWorkingDays: int(1, 60) }),
  freeReturn: workingDays,
  review: duration,
  revisit: duration,
  reminders: z.strictObject({
    workingDays: z.strictObject({ atShanghaiHour: int(0, 23) }),
    clock: z.strictObject({ minutesBefore: int(1, 1440) }),
  }).partial(),
  cards: z.strictObject({ redAfterWorkingDays: int(1, 30), escalateWithRed: z.boolean() }).partial(),
}).partial();

export type SlaOverrides = z.infer<typeof overridesSchema>;

/** The defaults with the overrides laid over them; a duration is replaced whole, never mixed. */
export function applyOverrides(defaults: SlaPolicy, o: SlaOverrides): SlaPolicy {
  return {
    sign: { regular: o.sign?.regular ?? defaults.sign.regular, urgent: o.sign?.urgent ?? defaults.sign.urgent },
    handle: {
      normal: { ...defaults.handle.normal, ...o.handle?.normal },
      hard: { ...defaults.handle.hard, ...o.handle?.hard },
      complex: { ...defaults.handle.complex, ...o.handle?.complex },
    },
    extension: o.extension ?? defaults.extension,
    freeReturn: o.freeReturn ?? defaults.freeReturn,
    review: o.review ?? defaults.review,
    revisit: o.revisit ?? defaults.revisit,
    reminders: { ...defaults.reminders, ...o.reminders },
    cards: { ...defaults.cards, ...o.cards },
  };
}

/**
 * The policy in force: the defaults, or the defaults overridden by the file at `path`. A file
 * that cannot be read, is not JSON, or holds an unknown key or a number out of range stops the
 * server at start, naming the file and the field, rather than running on limits nobody set.
 */
export function readSlaPolicy(path: string | undefined, defaults: SlaPolicy): SlaPolicy {
  if (!path) return defaults;
  return Object.freeze(applyOverrides(defaults, readConfigFile('SLA_POLICY_FILE', path, overridesSchema)));
}
