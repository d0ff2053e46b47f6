import { createHash, randomBytes } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { OrgUnit } from '../orgs/org-unit.entity';
import { Session } from './session.entity';
import { Role, StaffUser } from './staff-user.entity';
import { hashPassword, verifyPassword } from './password';

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

export type LoginResult =
  | { ok: true; token: string; expiresAt: Date; user: AuthUser }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; until: Date };

export class AuthService {
  constructor(
    private readonly ds: DataSource,
    private readonly tokenTtlMs: number,
    private readonly idleMs: number,
    private readonly clock: () => Date,
  ) {}

  async login(username: string, password: string): Promise<LoginResult> {
    const repo = this.ds.getRepository(StaffUser);
    const staff = await repo.findOneBy({ username });
    const now = this.clock();
    const ok = await verifyPassword(password, staff?.passwordHash ?? (await DUMMY_HASH));
    if (!staff || !staff.active) return { ok: false, reason: 'invalid' };
    // A locked account says so even to the right password: guessing on gains nothing.
    if (staff.lockedUntil && staff.lockedUntil > now) return { ok: false, reason: 'locked', until: staff.lockedUntil };
    if (!ok) {
      const failed = staff.failedLogins + 1;
      const locked = failed >= MAX_FAILED_LOGINS;
      await repo.update({ id: staff.id }, { failedLogins: locked ? 0 : failed, lockedUntil: locked ? new Date(now.getTime() + LOCK_MS) : null });
      return locked ? { ok: false, reason: 'locked', until: new Date(now.getTime() + LOCK_MS) } : { ok: false, reason: 'invalid' };
    }
    if (staff.failedLogins || staff.lockedUntil) await repo.update({ id: staff.id }, { failedLogins: 0, lockedUntil: null });
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.tokenTtlMs);
    await this.ds.getRepository(Session).insert({ tokenHash: sha256(token), userId: staff.id, expiresAt, revokedAt: null, lastSeenAt: now });
    return { ok: true, token, expiresAt, user: await this.toAuthUser(staff) };
  }

  async logout(token: string): Promise<void> {
    await this.ds.getRepository(Session).update({ tokenHash: sha256(token), revokedAt: IsNull() }, { revokedAt: this.clock() });
  }

  /** The staff member behind a token that is neither expired, revoked nor idle too long. */
  async authenticate(token: string): Promise<AuthUser | null> {
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
    return staff?.active ? this.toAuthUser(staff) : null;
  }

  /** Changes the password and ends every other session of the account. */
  async changePassword(user: AuthUser, current: string, next: string, keepToken: string): Promise<boolean> {
    const repo = this.ds.getRepository(StaffUser);
    const staff = await repo.findOneByOrFail({ id: user.id });
    if (!(await verifyPassword(current, staff.passwordHash))) return false;
    const now = this.clock();
    await repo.update({ id: staff.id }, { passwordHash: await hashPassword(next), passwordChangedAt: now });
    await this.ds.getRepository(Session).createQueryBuilder().update()
      .set({ revokedAt: now })
      .where('user_id = :id AND revoked_at IS NULL AND token_hash <> :keep', { id: staff.id, keep: sha256(keepToken) })
      .execute();
    return true;
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
