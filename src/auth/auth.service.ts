import { createHash, randomBytes } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { AppError } from '../http/errors';
import { OrgUnit } from '../orgs/org-unit.entity';
import type { FieldCrypto } from '../privacy/field-crypto';
import { Session } from './session.entity';
import { Role, StaffUser } from './staff-user.entity';
import { hashPassword, verifyPassword } from './password';
import { matchStep } from './totp';
import { mustUseTotp, totpEnrolmentRequired } from './totp.policy';

/** The signed-in staff member as every service sees it. */
export interface AuthUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  unit: Pick<OrgUnit, 'id' | 'name' | 'level' | 'path' | 'isCentre' | 'parentId'>;
}

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

// Compared against when the username is unknown, so both failures take the same time.
const DUMMY_HASH = hashPassword('not-a-real-password');

export const MAX_FAILED_LOGINS = 5;
const LOCK_MS = 15 * 60_000;
/** last_seen_at is written at most this often, so reading does not mean writing on every request. */
const TOUCH_EVERY_MS = 60_000;

const shanghaiTime = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(11, 16);

export const accountLocked = (until: Date) =>
  new AppError(423, 'account_locked', `连续输错密码或动态口令次数过多，账户已锁定至 ${shanghaiTime(until)}`);

/** A refused password or code: wrong (and counted), or the account locked until `until`. */
export type Refusal =
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; until: Date };

export type LoginResult =
  | { ok: true; token: string; expiresAt: Date; user: AuthUser; totpEnrolmentRequired: boolean }
  | Refusal
  /** The password was right; the account's TOTP code is needed too. */
  | { ok: false; reason: 'totp_required' }
  /** The password was right, the code was not (or was used already); `lockedUntil` when that locked the account. */
  | { ok: false; reason: 'totp_invalid'; user: AuthUser; lockedUntil: Date | null };

/** A signed-in staff member and what their session may do. */
export interface StaffSession {
  user: AuthUser;
  /** An admin or supervisor without TOTP: nothing but enrolling it. */
  enrolmentOnly: boolean;
}

export class AuthService {
  constructor(
    private readonly ds: DataSource,
    private readonly tokenTtlMs: number,
    private readonly idleMs: number,
    private readonly clock: () => Date,
    private readonly crypto: FieldCrypto,
  ) {}

  /**
   * Password, then the TOTP code if the account has TOTP. Wrong passwords and wrong codes count
   * alike towards the lockout; only a complete login clears the count.
   */
  async login(username: string, password: string, totpCode?: string): Promise<LoginResult> {
    const repo = this.ds.getRepository(StaffUser);
    const staff = await repo.findOneBy({ username });
    const now = this.clock();
    const ok = await verifyPassword(password, staff?.passwordHash ?? (await DUMMY_HASH));
    if (!staff || !staff.active) return { ok: false, reason: 'invalid' };
    // A locked account says so even to the right password: guessing on gains nothing.
    if (staff.lockedUntil && staff.lockedUntil > now) return { ok: false, reason: 'locked', until: staff.lockedUntil };
    if (!ok) return this.refuse(staff, now);
    if (staff.totpEnabledAt) {
      if (!totpCode) return { ok: false, reason: 'totp_required' };
      if (!(await this.acceptTotp(staff, totpCode, now))) {
        const refusal = await this.refuse(staff, now);
        return { ok: false, reason: 'totp_invalid', user: await this.toAuthUser(staff), lockedUntil: refusal.reason === 'locked' ? refusal.until : null };
      }
    }
    if (staff.failedLogins || staff.lockedUntil) await repo.update({ id: staff.id }, { failedLogins: 0, lockedUntil: null });
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.tokenTtlMs);
    const enrolmentOnly = !staff.totpEnabledAt && mustUseTotp(staff.role);
    await this.ds.getRepository(Session).insert({ tokenHash: sha256(token), userId: staff.id, expiresAt, revokedAt: null, lastSeenAt: now, enrolmentOnly });
    return { ok: true, token, expiresAt, user: await this.toAuthUser(staff), totpEnrolmentRequired: enrolmentOnly };
  }

  /**
   * A current code of the member's active TOTP, for turning it off: refused while the account is
   * locked, and a wrong code counts towards the lockout as at login.
   */
  async checkTotp(userId: number, code: string): Promise<{ ok: true } | Refusal> {
    const repo = this.ds.getRepository(StaffUser);
    const staff = await repo.findOneByOrFail({ id: userId });
    const now = this.clock();
    if (staff.lockedUntil && staff.lockedUntil > now) return { ok: false, reason: 'locked', until: staff.lockedUntil };
    if (!staff.totpEnabledAt || !(await this.acceptTotp(staff, code, now))) return this.refuse(staff, now);
    if (staff.failedLogins || staff.lockedUntil) await repo.update({ id: staff.id }, { failedLogins: 0, lockedUntil: null });
    return { ok: true };
  }

  /** Counts a wrong password or code; the fifth in a row locks the account. */
  private async refuse(staff: StaffUser, now: Date): Promise<Refusal> {
    const failed = staff.failedLogins + 1;
    const until = failed >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCK_MS) : null;
    await this.ds.getRepository(StaffUser).update({ id: staff.id }, { failedLogins: until ? 0 : failed, lockedUntil: until });
    return until ? { ok: false, reason: 'locked', until } : { ok: false, reason: 'invalid' };
  }

  /**
   * Takes the code if it matches a step of the window later than the last one accepted. The
   * conditional update makes that hold under concurrent logins too: only one of them moves the step.
   */
  private async acceptTotp(staff: StaffUser, code: string, now: Date): Promise<boolean> {
    const secret = staff.sealedTotpSecret && this.crypto.open(staff.sealedTotpSecret, 'totp_secret');
    const step = secret ? matchStep(secret, code, now, staff.totpLastStep) : null;
    if (step === null) return false;
    const moved = await this.ds.getRepository(StaffUser).createQueryBuilder().update()
      .set({ totpLastStep: step })
      .where('id = :id AND (totp_last_step IS NULL OR totp_last_step < :step)', { id: staff.id, step })
      .execute();
    return moved.affected === 1;
  }

  async logout(token: string): Promise<void> {
    await this.ds.getRepository(Session).update({ tokenHash: sha256(token), revokedAt: IsNull() }, { revokedAt: this.clock() });
  }

  /** The session behind a token that is neither expired, revoked nor idle too long. */
  async session(token: string): Promise<StaffSession | null> {
    const repo = this.ds.getRepository(Session);
    const session = await repo.findOneBy({ tokenHash: sha256(token) });
    const now = this.clock();
    if (!session || session.revokedAt || session.expiresAt <= now) return null;
    const seen = (session.lastSeenAt ?? session.createdAt).getTime();
    if (now.getTime() - seen > this.idleMs) {
      await repo.update({ id: session.id }, { revokedAt: now });
      return null;
    }
    if (now.getTime() - seen > TOUCH_EVERY_MS) await repo.update({ id: session.id }, { lastSeenAt: now });
    const staff = await this.ds.getRepository(StaffUser).findOneBy({ id: session.userId });
    return staff?.active ? { user: await this.toAuthUser(staff), enrolmentOnly: session.enrolmentOnly } : null;
  }

  /** The staff member behind a token, for work: a session good only for enrolling TOTP is refused (403). */
  async authenticate(token: string): Promise<AuthUser | null> {
    const session = await this.session(token);
    if (session?.enrolmentOnly) throw totpEnrolmentRequired();
    return session?.user ?? null;
  }

  /** Changes the password and ends every other session of the account. */
  async changePassword(user: AuthUser, current: string, next: string, keepToken: string): Promise<boolean> {
    const repo = this.ds.getRepository(StaffUser);
    const staff = await repo.findOneByOrFail({ id: user.id });
    if (!(await verifyPassword(current, staff.passwordHash))) return false;
    await repo.update({ id: staff.id }, { passwordHash: await hashPassword(next), passwordChangedAt: this.clock() });
    await this.endSessions(staff.id, keepToken);
    return true;
  }

  /**
   * TOTP was just turned on in the session `token`: that session goes on without restriction, and
   * the member's other sessions, opened without the second factor, end.
   */
  async secondFactorEnabled(userId: number, token: string): Promise<void> {
    await this.ds.getRepository(Session).update({ tokenHash: sha256(token), userId }, { enrolmentOnly: false });
    await this.endSessions(userId, token);
  }

  /** The member's open sessions may only enrol TOTP from now on (their role requires it, and they no longer have it). */
  async restrictSessions(userId: number): Promise<void> {
    await this.ds.getRepository(Session).update({ userId, revokedAt: IsNull() }, { enrolmentOnly: true });
  }

  /** Ends the member's open sessions, but for the one of `keepToken`. */
  async endSessions(userId: number, keepToken?: string): Promise<void> {
    const qb = this.ds.getRepository(Session).createQueryBuilder().update()
      .set({ revokedAt: this.clock() })
      .where('user_id = :userId AND revoked_at IS NULL', { userId });
    if (keepToken) qb.andWhere('token_hash <> :keep', { keep: sha256(keepToken) });
    await qb.execute();
  }

  async userById(id: number): Promise<AuthUser> {
    return this.toAuthUser(await this.ds.getRepository(StaffUser).findOneByOrFail({ id }));
  }

  private async toAuthUser(staff: StaffUser): Promise<AuthUser> {
    const unit = await this.ds.getRepository(OrgUnit).findOneByOrFail({ id: staff.unitId });
    return {
      id: staff.id,
      username: staff.username,
      displayName: staff.displayName,
      role: staff.role,
      unit: { id: unit.id, name: unit.name, level: unit.level, path: unit.path, isCentre: unit.isCentre, parentId: unit.parentId },
    };
  }
}
