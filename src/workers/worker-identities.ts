/**
 * Workers' names, phones and ID numbers as the database holds them: sealed one by one, with the
 * keyed hash of the phone beside it to find a caller by. Every write of these fields goes through
 * `seal`, every read that needs them through `open`, called by the services that need them; there
 * is no hidden hook, so a row read without `open` only ever shows ciphertext.
 */
import type { EntityManager } from 'typeorm';
import type { FieldCrypto, Sealed } from '../privacy/field-crypto';
import { Worker } from './worker.entity';

/** A worker's identity in clear, for the request that needs it. */
export interface Identity {
  name: string | null;
  phone: string | null;
  idNumber: string | null;
}

export type WorkerIdentity = Identity & { id: number };

type SealedFields = Partial<Pick<Worker, 'sealedName' | 'sealedPhone' | 'phoneHash' | 'sealedIdNumber'>>;

/** A mainland mobile: what SMS can reach. */
const MOBILE = /^1\d{10}$/;

export class WorkerIdentities {
  constructor(private readonly crypto: FieldCrypto) {}

  /** The hash a phone is found by: of its digits, so 020-12345678 and 02012345678 are one caller. */
  phoneHash(phone: string): string {
    return this.crypto.hash('phone', phone.replace(/\D/g, ''));
  }

  /** Column values for the fields given; absent ones are left as they are, null clears. */
  seal(fields: Partial<Identity>): SealedFields {
    const out: SealedFields = {};
    if (fields.name !== undefined) out.sealedName = this.sealed(fields.name, 'name');
    if (fields.idNumber !== undefined) out.sealedIdNumber = this.sealed(fields.idNumber, 'id_number');
    if (fields.phone !== undefined) {
      out.sealedPhone = this.sealed(fields.phone, 'phone');
      out.phoneHash = fields.phone === null ? null : this.phoneHash(fields.phone);
    }
    return out;
  }

  open(worker: Worker): WorkerIdentity {
    return {
      id: worker.id,
      name: worker.sealedName && this.crypto.open(worker.sealedName, 'name'),
      phone: this.phoneOf(worker),
      idNumber: worker.sealedIdNumber && this.crypto.open(worker.sealedIdNumber, 'id_number'),
    };
  }

  phoneOf(worker: Worker): string | null {
    return worker.sealedPhone && this.crypto.open(worker.sealedPhone, 'phone');
  }

  /** The worker's phone, still sealed, when it is a mobile: the SMS outbox keeps it so. */
  sealedMobileOf(worker: Worker): Sealed | null {
    const phone = this.phoneOf(worker);
    return phone && MOBILE.test(phone) ? worker.sealedPhone : null;
  }

  findByPhone(em: EntityManager, phone: string): Promise<Worker | null> {
    return em.getRepository(Worker).findOneBy({ phoneHash: this.phoneHash(phone) });
  }

  /** Finds the worker by phone, or records a new one; null when nothing identifies them. */
  async upsert(
    em: EntityManager,
    who: { name?: string; phone?: string; idNumber?: string },
    where: { employer?: string; regionCode?: string },
  ): Promise<number | null> {
    const { name, phone, idNumber } = who;
    if (!name && !phone && !idNumber) return null;
    const repo = em.getRepository(Worker);
    const known = phone ? await this.findByPhone(em, phone) : null;
    if (known) {
      // What is given replaces what was known; nothing given, nothing to write.
      const changed = this.seal({ name, idNumber });
      if (Object.keys(changed).length) await repo.update({ id: known.id }, changed);
      return known.id;
    }
    const worker = await repo.save(repo.create({
      ...this.seal({ name: name ?? null, phone: phone ?? null, idNumber: idNumber ?? null }),
      employer: where.employer ?? null, regionCode: where.regionCode ?? null,
    }));
    return worker.id;
  }

  private sealed(value: string | null, purpose: 'name' | 'phone' | 'id_number'): Sealed | null {
    return value === null ? null : this.crypto.seal(value, purpose);
  }
}
