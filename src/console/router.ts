/**
 * The console's screens, who may open each, and the keys that jump to them ("g" then the key).
 * A screen a role may not use is never requested: the guard sends the user to their home screen.
 */
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import {
  currentUser, isAdmin, isAuditor, isCentreDesk, publishesResults, resume, seesKnowledge, seesNotifications, seesQueue, totpEnrolmentRequired,
} from './session';
import type { User } from './types';

declare module 'vue-router' {
  interface RouteMeta {
    title?: string;
    /** Shown in the top navigation, with this "g"-shortcut key. */
    nav?: string;
    allowed?: (user: User) => boolean;
  }
}

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { title: '登录' } },
  // The one screen of a session that may only enrol TOTP; anyone else enrols here of their own accord, from 账户安全.
  { path: '/totp', name: 'totp', component: () => import('./views/TotpEnrolView.vue'), meta: { title: '绑定动态口令' } },
  { path: '/account', name: 'account', component: () => import('./views/AccountView.vue'), meta: { title: '账户安全' } },
  { path: '/', name: 'home', redirect: () => ({ name: homeOf(currentUser.value) }) },
  {
    path: '/queue/:id?', name: 'queue', component: () => import('./views/QueueView.vue'),
    meta: { title: '坐席队列', nav: 'q', allowed: seesQueue },
  },
  { path: '/orders', name: 'orders', component: () => import('./views/OrdersView.vue'), meta: { title: '工单', nav: 'o' } },
  {
    path: '/orders/new', name: 'register', component: () => import('./views/RegisterView.vue'),
    meta: { title: '登记工单', allowed: isCentreDesk },
  },
  { path: '/orders/:id(\\d+)', name: 'order', component: () => import('./views/OrderView.vue'), meta: { title: '工单详情' } },
  { path: '/board', name: 'board', component: () => import('./views/BoardView.vue'), meta: { title: '督办看板', nav: 'b' } },
  { path: '/dashboard', name: 'dashboard', component: () => import('./views/DashboardView.vue'), meta: { title: '统计分析', nav: 'd' } },
  {
    path: '/notifications', name: 'notifications', component: () => import('./views/NotificationsView.vue'),
    meta: { title: '通知重发', nav: 'n', allowed: seesNotifications },
  },
  {
    path: '/knowledge', name: 'knowledge', component: () => import('./views/KnowledgeView.vue'),
    meta: { title: '知识库', nav: 'k', allowed: seesKnowledge },
  },
  {
    path: '/results', name: 'results', component: () => import('./views/ResultsView.vue'),
    meta: { title: '结果公示', nav: 'p', allowed: publishesResults },
  },
  { path: '/orgs', name: 'orgs', component: () => import('./views/OrgsView.vue'), meta: { title: '组织架构', nav: 'u', allowed: isAdmin } },
  { path: '/audit', name: 'audit', component: () => import('./views/AuditView.vue'), meta: { title: '审计日志', nav: 'a', allowed: isAuditor } },
  { path: '/:rest(.*)*', redirect: { name: 'home' } },
];

/** Where each role starts its day. */
export function homeOf(user: User | null): string {
  if (!user) return 'login';
  if (isAuditor(user)) return 'audit';
  if (seesQueue(user) && user.role !== 'supervisor') return 'queue';
  return user.role === 'supervisor' ? 'board' : 'orders';
}

export const router = createRouter({ history: createWebHistory('/console/'), routes });

router.beforeEach(async (to) => {
  if (to.name === 'login') return true;
  if (!(await resume())) return { name: 'login', query: to.fullPath === '/' ? {} : { next: to.fullPath } };
  // Until the server lifts it, a session that may only enrol TOTP has that one screen.
  if (totpEnrolmentRequired.value) return to.name === 'totp' ? true : { name: 'totp' };
  const allowed = to.meta.allowed;
  return !allowed || allowed(currentUser.value!) ? true : { name: homeOf(currentUser.value) };
});

/** The server has restricted this session to enrolling TOTP (turned off here or in another tab): off to that screen. */
export function sendToEnrolment(): Promise<unknown> {
  totpEnrolmentRequired.value = true;
  return router.push({ name: 'totp' });
}

router.afterEach((to) => {
  document.title = `${to.meta.title ?? ''} · 12351 职工服务热线`;
});

/** The screens in the navigation that this user may open. */
export const navFor = (user: User) =>
  routes.filter((r) => r.meta?.nav && (!r.meta.allowed || r.meta.allowed(user)));
