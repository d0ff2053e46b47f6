import { AuditHead, AuditLog } from '../audit/audit.entity';
import { Attachment } from '../attachments/attachment.entity';
import { Session } from '../auth/session.entity';
import { BotConversation } from '../bot-gateway/bot-conversation.entity';
import { BotTurn } from '../bot-gateway/bot-turn.entity';
import { StaffUser } from '../auth/staff-user.entity';
import { KnowledgeArticle } from '../knowledge/knowledge-article.entity';
import { Notification } from '../notifications/notification.entity';
import { InboundMessage } from '../intake/inbound-message.entity';
import { LegalOpinion } from '../intake/legal-opinion.entity';
import { MergeGuard } from '../intake/merge-guard.entity';
import { PublishedResult } from '../mp/published-result.entity';
import { StaffBinding } from '../mp/staff-binding.entity';
import { WorkerSession } from '../mp/worker-session.entity';
import { Petitioner } from '../intake/petitioner.entity';
import { KpiDay } from '../stats/kpi-day.entity';
import { OrgUnit } from '../orgs/org-unit.entity';
import { JobLease, JobTick } from '../sla/job.entity';
import { Assignment } from '../work-orders/assignment.entity';
import { Cohandler } from '../work-orders/cohandler.entity';
import { DayCounter } from '../work-orders/day-counter.entity';
import { WorkOrderEvent } from '../work-orders/event.entity';
import { Extension } from '../work-orders/extension.entity';
import { WorkOrderGram } from '../work-orders/gram.entity';
import { WorkOrderReach } from '../work-orders/reach.entity';
import { WorkOrder } from '../work-orders/work-order.entity';
import { Worker } from '../workers/worker.entity';

export const entities = [
  OrgUnit, StaffUser, Session, Worker,
  WorkOrder, Assignment, Cohandler, Extension, WorkOrderEvent, WorkOrderReach, WorkOrderGram, DayCounter,
  JobLease, JobTick, InboundMessage, Petitioner, LegalOpinion, MergeGuard,
  Notification, AuditLog, AuditHead,
  KnowledgeArticle,
  WorkerSession, StaffBinding, Attachment, PublishedResult,
  BotConversation, BotTurn,
  KpiDay,
];
