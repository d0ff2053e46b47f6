/**
 * Why a form's fields were refused, by the form itself or by the server, shown beside each field
 * (`errors['worker.phone']` under the phone). A field's reason goes as soon as its value changes:
 * it was about the value the desk has just corrected.
 */
import { ElMessage } from 'element-plus';
import { reactive, watch } from 'vue';
import { ApiError } from './api';
import { showError } from './announce';

export type FieldErrors = Record<string, string>;

/** `values` gives the form's values by key; `pathOf` the path the server names a key by. */
export function useFieldErrors(values: () => Record<string, unknown>, pathOf = (key: string) => key): FieldErrors {
  const errors = reactive<FieldErrors>({});
  watch(values, (now, before) => {
    for (const key of Object.keys(now)) if (now[key] !== before[key]) delete errors[pathOf(key)];
  });
  return errors;
}

export function clearFieldErrors(errors: FieldErrors): void {
  for (const key of Object.keys(errors)) delete errors[key];
}

/** A rejected form: the server's reasons go beside the fields they name (`body.x` → `errors.x`) and, said once more, in the message. */
export function showFormError(err: unknown, errors: FieldErrors, fallback: string): void {
  if (!(err instanceof ApiError) || !err.details.length) return showError(err, fallback);
  for (const d of err.details) errors[d.path.replace(/^body\./, '')] = d.message;
  // The paths mean nothing to the desk; the reasons do.
  ElMessage.error(`${fallback}：${[...new Set(err.details.map((d) => d.message))].join('；')}`);
}
