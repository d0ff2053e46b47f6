/**
 * Enrolling, turning off and resetting a staff member's TOTP second factor. The secret is handed
 * out once, when enrolment starts; after that no route returns it.
 */
import { DataSource, IsNull } from 'typeorm';
import { OrgUnit } from '../orgs/org-unit.entity';
import { conflict, forbidden, invalidField, notFound } from '../http/errors';
import type { FieldCrypto } from '../privacy/field-crypto';
import type { AuthService, AuthUser, Refusal } from './auth.service';
import { StaffUser } from './staff-user.entity';
import { matchStep, newSecret, otpauthUri } from './totp';
import { inResetScope, mustUseTotp, resetsTotp } from './totp.policy';

/** How authenticator apps name the account. */
const ISSUER = '12351 职工服务热线';

export interface TotpStatus {
  active: boolean;
  /** Enrolment started and not yet confirmed. */
  pending: boolean;
  /** The role must have TOTP. */
  required: boolean;
}

export class TotpService {
  constructor(
    private readonly ds: DataSource,
    private readonly auth: AuthService,
    private readonly clock: () => Date,
    private readonly crypto: FieldCrypto,
  ) {}

  async status(user: AuthUser): Promise<TotpStatus> {
    return statusOf(await this.staff(user.id));
  }

  /** A new secret, pending until confirmed with a code; starting again replaces a pending one. */
  async start(user: AuthUser): Promise<{ secret: string; otpauthUri: string }> {
    const secret = newSecret();
    const started = await this.ds.getRepository(StaffUser).update(
      { id: user.id, totpEnabledAt: IsNull() },
      { sealedTotpSecret: this.crypto.seal(secret, 'totp_secret'), totpLastStep: null },
    );
    if (started.affected !== 1) throw conflict('totp_active', '动态口令已启用；如需更换，请先停用');
    return { secret, otpauthUri: otpauthUri(secret, user.username, ISSUER) };
  }

  /**
   * Activates the pending secret with a code from the app. The session `token` it is done in goes
   * on unrestricted; the member's other sessions end.
   */
  async confirm(user: AuthUser, code: string, token: string): Promise<TotpStatus> {
    let staff = await this.staff(user.id);
    if (staff.totpEnabledAt || !staff.sealedTotpSecret) throw conflict('totp_not_pending', '没有待确认的动态口令，请先开始绑定');
    const secret = this.crypto.open(staff.sealedTotpSecret, 'totp_secret');
    const step = matchStep(secret, code, this.clock());
    if (step === null) throw invalidField('body.code', '动态口令不正确，请核对手机时间后重试');
    // Only the secret the code was made with, compared as stored: a restart in between makes this
    // one stale. A key rotation re-sealing the same secret meanwhile does not, so it is followed.
    for (let tries = 0; ; tries++) {
      const enabled = await this.ds.getRepository(StaffUser).update(
        { id: staff.id, sealedTotpSecret: staff.sealedTotpSecret!, totpEnabledAt: IsNull() },
        { totpEnabledAt: this.clock(), totpLastStep: step },
      );
      if (enabled.affected === 1) break;
      staff = await this.staff(staff.id);
      const resealed = !staff.totpEnabledAt && staff.sealedTotpSecret !== null && this.crypto.open(staff.sealedTotpSecret, 'totp_secret') === secret;
      if (!resealed || tries === 2) throw conflict('totp_not_pending', '绑定已重新开始，请使用新的密钥');
    }
    await this.auth.secondFactorEnabled(staff.id, token);
    return statusOf(await this.staff(staff.id));
  }

  /**
   * Turns the member's own TOTP off with a current code (a wrong one counts towards the lockout).
   * Roles that must have TOTP are left with sessions that may only enrol again.
   */
  async disable(user: AuthUser, code: string): Promise<{ ok: true; status: TotpStatus } | Refusal> {
    if (!(await this.staff(user.id)).totpEnabledAt) throw conflict('totp_inactive', '动态口令未启用');
    const check = await this.auth.checkTotp(user.id, code);
    if (!check.ok) return check;
    await this.clear(user.id);
    if (mustUseTotp(user.role)) await this.auth.restrictSessions(user.id);
    return { ok: true, status: statusOf(await this.staff(user.id)) };
  }

  /**
   * An admin clears the TOTP of a staff member at their unit or below (a lost phone) and ends that
   * member's sessions; they enrol again at their next login. Their own takes a current code instead.
   */
  async reset(admin: AuthUser, username: string): Promise<StaffUser> {
    if (!resetsTotp(admin)) throw forbidden('只有管理员可以重置他人的动态口令');
    const target = await this.ds.getRepository(StaffUser).findOneBy({ username });
    const unit = target ? await this.ds.getRepository(OrgUnit).findOneBy({ id: target.unitId }) : null;
    if (!target || !unit || !inResetScope(admin, unit.path)) throw notFound('工作人员');
    if (target.id === admin.id) {
      throw invalidField('body.username', '不能重置本人的动态口令，请用当前动态口令停用');
    }
    await this.clear(target.id);
    await this.auth.endSessions(target.id);
    return target;
  }

  private async clear(userId: number): Promise<void> {
    await this.ds.getRepository(StaffUser).update({ id: userId }, { sealedTotpSecret: null, totpEnabledAt: null, totpLastStep: null });
  }

  private staff(id: number): Promise<StaffUser> {
    return this.ds.getRepository(StaffUser).findOneByOrFail({ id });
  }
}

const statusOf = (staff: StaffUser): TotpStatus => ({
  active: staff.totpEnabledAt !== null,
  pending: staff.totpEnabledAt === null && staff.sealedTotpSecret !== null,
  required: mustUseTotp(staff.role),
});
