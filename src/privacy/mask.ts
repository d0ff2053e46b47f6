/** Display masks for personal data: enough to recognise, not enough to reuse. */

export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

export function maskName(name: string | null): string | null {
  if (!name) return name;
  const chars = [...name];
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/** 4**************12X: the last four are what a caller is asked to confirm. */
export function maskIdNumber(id: string | null): string | null {
  if (!id) return id;
  if (id.length < 8) return '*'.repeat(id.length);
  return `${id[0]}${'*'.repeat(id.length - 5)}${id.slice(-4)}`;
}

/** Everything a display shows of who someone is. */
export function maskIdentity<T extends { name: string | null; phone: string | null; idNumber: string | null }>(who: T): T {
  return { ...who, name: maskName(who.name), phone: maskPhone(who.phone), idNumber: maskIdNumber(who.idNumber) };
}
