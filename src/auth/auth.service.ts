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

export class AuthService {
  constructor(
    private readonly ds: DataSource,
    private readonly tokenTtlMs: number,
    private readonly clock: () => Date,
  ) {}

  async login(username: string, password: string): Promise<{ token: string; expiresAt: Date; user: AuthUser } | null> {
    const staff = await this.ds.getRepository(StaffUser).findOneBy({ username });
    const ok = await verifyPassword(password, staff?.passwordHash ?? (await DUMMY_HASH));
    if (!staff || !staff.active || !ok) return null;
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock().getTime() + this.tokenTtlMs);
    await this.ds.getRepository(Session).insert({ tokenHash: sha256(token), userId: staff.id, expiresAt, revokedAt: null });
    return { token, expiresAt, user: await this.toAuthUser(staff) };
  }

  async logout(token: string): Promise<void> {
    await this.ds.getRepository(Session).update({ tokenHash: sha256(token), revokedAt: IsNull() }, { revokedAt: this.clock() });
  }

  async authenticate(token: string): Promise<AuthUser | null> {
    const session = await this.ds.getRepository(Session).findOneBy({ tokenHash: sha256(token) });
    if (!session || session.revokedAt || session.expiresAt <= this.clock()) return null;
    const staff = await this.ds.getRepository(StaffUser).findOneBy({ id: session.userId });
    return staff?.active ? this.toAuthUser(staff) : null;
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
