import { workerSession } from './services/session';

App({
  onLaunch() {
    // Log in silently at once, so the first page finds a session; pages retry if this fails.
    workerSession().catch(() => undefined);
  },
});
