/**
 * The console's one map from codes to Chinese names: the server's own labels (GET /labels),
 * loaded once per session, so the console never keeps a second copy of them.
 */
import { shallowRef } from 'vue';
import { api } from './api';
import type { LabelGroup, Labels } from './types';

const labels = shallowRef<Labels | null>(null);

export async function loadLabels(): Promise<void> {
  labels.value ??= await api.labels();
}

export function label(group: LabelGroup, code: string | number | null | undefined): string {
  if (code === null || code === undefined) return '';
  return labels.value?.[group][String(code)] ?? String(code);
}

/** A group as [code, name] pairs, in the server's order (for selects). */
export function options(group: LabelGroup): Array<[code: string, name: string]> {
  return Object.entries(labels.value?.[group] ?? {});
}
