import { Init1763740800000 } from './1763740800000-Init';

/** Every migration in order; they run at start on both engines. */
export const migrations = [Init1763740800000];
