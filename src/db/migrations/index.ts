import { Init1763740800000 } from './1763740800000-Init';
import { SlaClock1763827200000 } from './1763827200000-SlaClock';

/** Every migration in order; they run at start on both engines. */
export const migrations = [Init1763740800000, SlaClock1763827200000];
