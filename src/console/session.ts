/** Who is signed in, and what their role lets them open. */
import { shallowRef } from 'vue';
import { api, token } from './api';
import { loadLabels } from './labels';
import type { User } from './types';

export const currentUser = shallowRef<User | null>(null);
/** The server said this session may only enrol TOTP (an admin or supervisor without it). */
export const totpEnrolmentRequired = shallowRef(false);

/** The signed-in user; only called where the router has made sure there is one. */
export function me(): User {
  if (!currentUser.value) throw new Error('not signed in');
  return currentUser.value;
}

export async function signIn(username: string, password: string, totpCode?: string): Promise<void> {
  const session = await api.login(username, password, totpCode);
  token.set(session.token);
  await begin(session.user, session.totpEnrolmentRequired);
}

/** Picks up the tab's session after a reload; false when there is none (or it has ended). */
export async function resume(): Promise<boolean> {
  if (currentUser.value) return true;
  if (!token.get()) return false;
  try {
    const { totpEnrolmentRequired: enrolmentOnly, ...user } = await api.me();
    await begin(user, enrolmentOnly);
    return true;
  } catch {
    token.clear();
    return false;
  }
}

/** The session may do its work now that TOTP is enrolled. */
export async function enrolled(): Promise<void> {
  await loadLabels();
  totpEnrolmentRequired.value = false;
}

// A session that may only enrol gets nothing else from the server, labels included.
async function begin(user: User, enrolmentOnly: boolean): Promise<void> {
  if (!enrolmentOnly) await loadLabels();
  totpEnrolmentRequired.value = enrolmentOnly;
  currentUser.value = user;
}

export async function signOut(): Promise<void> {
  try {
    await api.logout();
  } finally {
    endSession();
  }
}

export function endSession(): void {
  token.clear();
  currentUser.value = null;
  totpEnrolmentRequired.value = false;
}

/** The centre's desk: agents and lawyers answer contacts; its supervisors watch the queue too. */
export const isCentreDesk = (u: User) => u.unit.isCentre && (u.role === 'agent' || u.role === 'lawyer');
export const seesQueue = (u: User) => u.unit.isCentre && ['agent', 'lawyer', 'supervisor'].includes(u.role);
export const seesNotifications = (u: User) => u.unit.isCentre;
/** The centre answers workers from the knowledge base; lawyers keep it, with admins (the server says so too). */
export const seesKnowledge = (u: User) => u.unit.isCentre;
export const editsKnowledge = (u: User) => u.role === 'lawyer' || u.role === 'admin';
/** Who at the centre may show a closed order's result to the public (the server says so too). */
export const publishesResults = (u: User) => u.unit.isCentre && ['agent', 'lawyer', 'supervisor', 'admin'].includes(u.role);
export const isAdmin = (u: User) => u.role === 'admin';
/** The audit trail is the auditors' alone (the server says so too). */
export const isAuditor = (u: User) => u.role === 'auditor';
