import { DataSource, In } from 'typeorm';
import { Petitioner } from '../intake/petitioner.entity';
import { Worker } from '../workers/worker.entity';

/** Every worker on an order: its first contact and everyone merged into it (并单). */
export async function petitionerWorkers(ds: DataSource, orderId: number): Promise<Worker[]> {
  const ids = (await ds.getRepository(Petitioner).findBy({ orderId })).map((p) => p.workerId).filter((x): x is number => x !== null);
  return ids.length ? ds.getRepository(Worker).findBy({ id: In(ids) }) : [];
}
