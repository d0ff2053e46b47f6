/** The appeal form's rules, the same the server applies; the server's 400 still has the last word. */
import type { FieldError } from '../services/http';

export interface AppealForm {
  text: string;
  employer: string;
  regionCode: string;
  phone: string;
}

export type FormErrors = Partial<Record<keyof AppealForm, string>>;

const PHONE = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;

export function validateAppeal(form: AppealForm): FormErrors {
  const errors: FormErrors = {};
  const text = form.text.trim();
  if (text.length < 10) errors.text = '请至少用 10 个字说明情况';
  else if (text.length > 2000) errors.text = '请控制在 2000 字以内';
  const employer = form.employer.trim();
  if (employer && (employer.length < 2 || employer.length > 100)) errors.employer = '单位名称应为 2–100 个字';
  if (!form.regionCode) errors.regionCode = '请选择事发地';
  if (!PHONE.test(form.phone.trim())) errors.phone = '请填写正确的手机号或带区号的固定电话';
  return errors;
}

/** The server's field errors (`body.phone`) on the form's fields. */
export function formErrorsOf(details: FieldError[]): FormErrors {
  const errors: FormErrors = {};
  for (const d of details) {
    const field = d.path.split('.')[1] as keyof AppealForm;
    if (field in { text: 1, employer: 1, regionCode: 1, phone: 1 }) errors[field] = d.message;
  }
  return errors;
}
