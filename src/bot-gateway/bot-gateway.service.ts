import type { DataSource, EntityManager } from 'typeorm';
import type { Transactor } from '../db/transaction';
import type { IntakeService } from '../intake/intake.service';
import type { OrgService } from '../orgs/org.service';
import type { FieldCrypto, Sealed } from '../privacy/field-crypto';
import type { WorkerIdentities } from '../workers/worker-identities';
import { isDuplicateKey } from '../sla/sweep';
import { BotConversation } from './bot-conversation.entity';
import { BotTurn } from './bot-turn.entity';
import { Dialogue, Session, Turn } from './dialogue';
import { Progress } from './progress';
import { IDLE, State } from './state';

/** A conversation left this long mid-way starts over (a mass report excepted: it is never dropped). */
const IDLE_TIMEOUT_MS = 30 * 60_000;
/** Turns of one sender that raced each other are retried this often before giving up. */
const ATTEMPTS = 3;

/** Another turn of the same sender saved first. */
class StaleConversation extends Error {}

/**
 * The backend end of the bot: keeps each contact's conversation in the database and answers each
 * message once. The same message again (a retry, a re-delivery) gets the replies it got the first
 * time; two messages of one sender handled at once are serialised by the conversation's version.
 *
 * Both are stored sealed: a conversation's state holds the complaint being collected with the
 * worker's phone, and the replies repeat it back for confirmation.
 */
export class BotGateway {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Transactor,
    private readonly dialogue: Dialogue,
    private readonly clock: () => Date,
    private readonly crypto: FieldCrypto,
  ) {}

  async turn(turn: Omit<Turn, 'sentAt'> & { sentAt?: Date }): Promise<{ replies: string[]; repeated: boolean }> {
    for (let attempt = 1; ; attempt++) {
      const done = await this.answered(turn);
      if (done) return { replies: done, repeated: true };
      const now = this.clock();
      // Group chats keep no conversation: nothing personal is collected there.
      const row = turn.group ? null : await this.ds.getRepository(BotConversation).findOneBy({ senderId: turn.senderId });
      const session: Session = turn.group ? { state: IDLE, firstTime: false, lapsed: false } : sessionOf(row && this.stateOf(row), now);
      const { state, replies } = await this.dialogue.respond({ ...turn, sentAt: turn.sentAt ?? now }, session);
      try {
        await this.tx.run(async (em) => {
          // First, so a second copy of this message fails here before anything else is written.
          await em.getRepository(BotTurn).insert({
            senderId: turn.senderId, messageId: turn.messageId, replies: this.crypto.seal(JSON.stringify(replies), 'bot_turn'), createdAt: now,
          });
          if (!turn.group) await save(em, turn.senderId, row, this.crypto.seal(JSON.stringify(state), 'bot_conversation'), now);
        });
        return { replies, repeated: false };
      } catch (err) {
        if (attempt < ATTEMPTS && (err instanceof StaleConversation || isDuplicateKey(err))) continue;
        throw err;
      }
    }
  }

  private async answered(turn: Pick<Turn, 'senderId' | 'messageId'>): Promise<string[] | null> {
    const done = await this.ds.getRepository(BotTurn).findOneBy({ senderId: turn.senderId, messageId: turn.messageId });
    return done ? (JSON.parse(this.crypto.open(done.replies, 'bot_turn')) as string[]) : null;
  }

  private stateOf(row: BotConversation): { state: State; updatedAt: Date } {
    return { state: JSON.parse(this.crypto.open(row.state, 'bot_conversation')) as State, updatedAt: row.updatedAt };
  }
}

function sessionOf(stored: { state: State; updatedAt: Date } | null, now: Date): Session {
  if (!stored) return { state: IDLE, firstTime: true, lapsed: false };
  const { state } = stored;
  if (state.step === 'mass' || now.getTime() - stored.updatedAt.getTime() <= IDLE_TIMEOUT_MS) return { state, firstTime: false, lapsed: false };
  return { state: IDLE, firstTime: false, lapsed: state.step === 'complaint' };
}

/** Saves over the version read, or throws StaleConversation when another turn got there first. */
async function save(em: EntityManager, senderId: string, read: BotConversation | null, state: Sealed, now: Date): Promise<void> {
  const repo = em.getRepository(BotConversation);
  const fields = { state, updatedAt: now };
  if (!read) {
    // A racing first message inserts the same key: the duplicate error sends this turn round again.
    await repo.insert({ senderId, version: 1, ...fields });
    return;
  }
  const updated = await repo.update({ senderId, version: read.version }, { ...fields, version: read.version + 1 });
  if (updated.affected !== 1) throw new StaleConversation();
}

/** The gateway with its dialogue, over the intake service and the orders' progress. */
export function buildBotGateway(
  ds: DataSource, tx: Transactor, intake: IntakeService, orgs: OrgService, clock: () => Date, workers: WorkerIdentities, crypto: FieldCrypto,
): BotGateway {
  return new BotGateway(ds, tx, new Dialogue(intake, new Progress(ds, orgs), workers), clock, crypto);
}
