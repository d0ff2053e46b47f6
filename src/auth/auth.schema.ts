import { z } from '../http/zod';
import { ROLES } from './staff-user.entity';

/** A code from the authenticator app. */
export const totpCode = z.string().trim().regex(/^\d{6}$/, '动态口令为 6 位数字');

export const loginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
  /** Needed when the account has TOTP: without it the answer is 401 `totp_required`. */
  totpCode: totpCode.optional(),
});

export const authUserSchema = z
  .object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES),
    unit: z.object({ id: z.number().int(), name: z.string(), level: z.string(), isCentre: z.boolean() }),
    /** May reset the TOTP of staff at their unit or below (POST /auth/totp/reset): clients show that form by this, not by role. */
    mayResetOthersTotp: z.boolean(),
  })
  .openapi('StaffUser');

export const loginResponse = z.object({
  token: z.string(),
  expiresAt: z.string(),
  user: authUserSchema,
  /** The session may only enrol TOTP (an admin or supervisor without it); every other route answers 403 `totp_enrolment_required`. */
  totpEnrolmentRequired: z.boolean(),
});

export const meResponse = authUserSchema.extend({ totpEnrolmentRequired: z.boolean() }).openapi('Me');

export const totpCodeBody = z.object({ code: totpCode }).strict();

export const totpResetBody = z.object({ username: z.string().trim().min(1).max(64) }).strict();

export const totpStatusSchema = z
  .object({ active: z.boolean(), pending: z.boolean(), required: z.boolean() })
  .openapi('TotpStatus');

export const totpEnrolmentSchema = z.object({ secret: z.string(), otpauthUri: z.string() }).openapi('TotpEnrolment');

/** At least 10 characters from at least three of: lower case, upper case, digits, symbols. */
export const passwordRule = z
  .string()
  .min(10, '密码至少 10 位')
  .max(200)
  .refine((p) => [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z\d]/].filter((r) => r.test(p)).length >= 3, {
    message: '密码须包含大写字母、小写字母、数字、符号中的至少三类',
  });

export const passwordBody = z.object({ current: z.string().min(1).max(200), next: passwordRule }).strict();
