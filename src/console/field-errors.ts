/**
 * Why a form's fields were refused, by the form itself or by the server, shown beside each field
 * (`errors['worker.phone']` under the phone). A field's reason goes as soon as its value changes:
 * it was about the value the desk has just corrected.
 */
import { ElMessage } from 'element-plus';
import { reactive, ref, watch } from 'vue';
import { ApiError } from './api';
import { showError } from './announce';

type FieldErrors = Record<string, string>;

/**
 * `values` gives the form's values by key; `pathOf` the path the server names a key by. A changed
 * field's reasons go with those of its parts (`questions.2` of a list of questions).
 */
function useFieldErrors(values: () => Record<string, unknown>, pathOf = (key: string) => key): FieldErrors {
  const errors = reactive<FieldErrors>({});
  watch(values, (now, before) => {
    const changed = Object.keys(now).filter((key) => now[key] !== before[key]).map(pathOf);
    for (const path of Object.keys(errors)) {
      if (changed.some((field) => path === field || path.startsWith(`${field}.`))) delete errors[path];
    }
  });
  return errors;
}

export function clearFieldErrors(errors: FieldErrors): void {
  for (const key of Object.keys(errors)) delete errors[key];
}

/** A rejected form: the server's reasons go beside the fields they name (`body.x` → `errors.x`) and, said once more, in the message. */
function showFormError(err: unknown, errors: FieldErrors, fallback: string): void {
  if (!(err instanceof ApiError) || !err.details.length) return showError(err, fallback);
  for (const d of err.details) errors[d.path.replace(/^body\./, '')] = d.message;
  // The paths mean nothing to the desk; the reasons do.
  ElMessage.error(`${fallback}：${[...new Set(err.details.map((d) => d.message))].join('；')}`);
}

/**
 * A form's reasons by field and its sending: `send` keeps it busy while `run` goes to the server
 * and puts a refusal's reasons beside the fields, unless `handled` has dealt with the refusal.
 */
export function useForm(values: () => Record<string, unknown>, pathOf?: (key: string) => string) {
  const errors = useFieldErrors(values, pathOf);
  const busy = ref(false);
  async function send(failed: string, run: () => Promise<unknown>, handled: (err: unknown) => boolean = () => false): Promise<void> {
    busy.value = true;
    try {
      await run();
    } catch (err) {
      if (!handled(err)) showFormError(err, errors, failed);
    } finally {
      busy.value = false;
    }
  }
  return { errors, busy, send };
}
