/**
 * Revealing a worker: the centre's desk (agents, lawyers, supervisors) sees every worker masked and
 * asks for the name, phone and ID number in full when it has to call them back, giving a reason;
 * each reveal is a row in the audit trail. Anonymous workers included: the centre is who calls
 * them back. Centre staff in other roles are refused (403); for any other unit workers do not exist.
 */
import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.service';
import { forbidden, notFound } from '../http/errors';
import { seesWorkerIdentity } from '../work-orders/work-order.policy';
import { Worker } from './worker.entity';
import type { WorkerIdentities, WorkerIdentity } from './worker-identities';

export class WorkerService {
  constructor(
    private readonly ds: DataSource,
    private readonly workers: WorkerIdentities,
    private readonly audit: AuditService,
  ) {}

  async reveal(user: AuthUser, id: number, reason: string, ip?: string): Promise<WorkerIdentity> {
    const worker = await this.ds.getRepository(Worker).findOneBy({ id });
    if (!user.unit.isCentre) {
      // Reads as unknown, but asking is a denied access all the same.
      if (worker) await this.audit.record({ action: 'denied', actor: user, ip, targetType: 'worker', targetId: id, detail: { reason: 'out_of_scope' } });
      throw notFound('职工');
    }
    if (!seesWorkerIdentity(user)) throw forbidden('只有热线中心的客服、律师和督办人员可以查看职工的完整信息');
    if (!worker) throw notFound('职工');
    const identity = this.workers.open(worker);
    // Recorded before anything is returned: a reveal that cannot be audited does not happen.
    await this.audit.record({ action: 'reveal_identity', actor: user, ip, targetType: 'worker', targetId: id, detail: { reason } });
    return identity;
  }
}
