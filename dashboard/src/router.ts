/**
 * Every view has its own URL, so a link can be shared. Views load on demand (one chunk each), so
 * the first page loads only what it draws. Signed-out visitors are sent to sign in, and back.
 */
import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router';
import { safeNext } from './lib/next.js';
import { useSession } from './stores/session.js';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable signed out (sign-in, registration). */
    public?: boolean;
    title?: string;
  }
}

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: '/me/productivity' },
    { path: '/login', component: () => import('./views/LoginView.vue'), meta: { public: true, title: 'Sign in' } },
    {
      path: '/register',
      component: () => import('./views/RegisterView.vue'),
      meta: { public: true, title: 'Create an account' },
    },
    { path: '/get-token', component: () => import('./views/GetTokenView.vue'), meta: { title: 'Connect a device' } },
    {
      path: '/me/productivity',
      component: () => import('./views/MyProductivityView.vue'),
      meta: { title: 'My productivity' },
    },
    {
      path: '/organizations',
      component: () => import('./views/OrganizationsView.vue'),
      meta: { title: 'Organizations' },
    },
    {
      path: '/organizations/:id',
      component: () => import('./views/OrganizationView.vue'),
      meta: { title: 'Organization' },
    },
    {
      path: '/organizations/:id/productivity',
      component: () => import('./views/TeamProductivityView.vue'),
      meta: { title: 'Team productivity' },
    },
    { path: '/organizations/:id/lab', component: () => import('./views/LabView.vue'), meta: { title: 'Lab' } },
    {
      path: '/organizations/:id/performance',
      component: () => import('./views/PerformanceView.vue'),
      meta: { title: 'Performance' },
    },
    { path: '/tasks/:id', component: () => import('./views/TaskView.vue'), meta: { title: 'Task' } },
    {
      path: '/audit/:kind(organization|project|task)/:id',
      component: () => import('./views/AuditView.vue'),
      meta: { title: 'Audit' },
    },
    { path: '/:rest(.*)*', component: () => import('./views/NotFoundView.vue'), meta: { title: 'Not found' } },
  ],
});

router.beforeEach((to: RouteLocationNormalized) => {
  const session = useSession();
  if (!to.meta.public && !session.signedIn) return { path: '/login', query: { next: to.fullPath } };
  if (to.meta.public && session.signedIn && (to.path === '/login' || to.path === '/register')) {
    return safeNext(to.query['next']);
  }
  return true;
});

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · Atlas` : 'Atlas';
});
