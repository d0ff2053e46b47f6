/** What 结果公示 shows of an order: enough to recognise the kind of case, never the people in it. */

/** "恒达电子厂" → "恒**子厂": the first character and the kind of business (the last two) stay. */
export function maskEmployer(name: string): string {
  const chars = [...name.replace(/\s+/g, '')];
  if (chars.length <= 2) return `${chars[0] ?? ''}*`;
  if (chars.length === 3) return `${chars[0]}*${chars[2]}`;
  return `${chars[0]}${'*'.repeat(chars.length - 3)}${chars.slice(-2).join('')}`;
}

/** Seven digits or more, however spaced: a phone, an ID or an account number. */
const NUMBER_RUN = /\d(?:[\s-]?\d){6,}/;

const squeeze = (s: string) => s.replace(/[\s\-·]/g, '').toLowerCase();

/**
 * Why `text` may not be published, or null: it names one of `identities` (the workers' names,
 * phones and ID numbers, the employer's name) or carries a long number.
 */
export function identityIn(text: string, identities: Array<string | null>): string | null {
  if (NUMBER_RUN.test(text)) return '不能包含电话、证件号等号码';
  const plain = squeeze(text);
  const named = identities.some((id) => id && squeeze(id).length >= 2 && plain.includes(squeeze(id)));
  return named ? '不能包含职工姓名、电话、证件号或用人单位全称' : null;
}
