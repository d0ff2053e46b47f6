import { Init1763740800000 } from './1763740800000-Init';
import { Audit1764500000000 } from './1764500000000-Audit';
import { Intake1764200000000 } from './1764200000000-Intake';
import { SlaClock1763827200000 } from './1763827200000-SlaClock';
import { Outbox1763913600000 } from './1763913600000-Outbox';
import { Knowledge1764000000000 } from './1764000000000-Knowledge';

/** Every migration in order; they run at start on both engines. */
export const migrations = [Init1763740800000, SlaClock1763827200000, Outbox1763913600000, Knowledge1764000000000, Intake1764200000000, Audit1764500000000];
