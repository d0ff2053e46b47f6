import { z } from '../http/zod';
import { ROLES } from './staff-user.entity';

export const loginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});

export const authUserSchema = z
  .object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES),
    unit: z.object({ id: z.number().int(), name: z.string(), level: z.string(), isCentre: z.boolean() }),
  })
  .openapi('StaffUser');

export const loginResponse = z.object({ token: z.string(), expiresAt: z.string(), user: authUserSchema });
