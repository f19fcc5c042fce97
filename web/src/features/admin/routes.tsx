import { type ComponentType, Suspense, lazy } from 'react';
import type { RouteObject } from 'react-router';
import { useSession } from '../../auth/session';
import { Loading } from '../../components/Loading';
import { i18n } from '../../i18n';
import { NotFoundPage } from '../errors/NotFoundPage';

const pages = () => import('./pages');
type Pages = Awaited<ReturnType<typeof pages>>;

/**
 * An admin page behind a gate: only an administrator's browser loads the admin chunk (code and
 * translations); anyone else sees "Page not found".
 */
function adminPage(pick: (m: Pages) => ComponentType): ComponentType {
  const Lazy = lazy(async () => {
    const [m] = await Promise.all([pages(), i18n.loadNamespaces(['admin', 'elections'])]);
    return { default: pick(m) };
  });
  return function AdminGate() {
    const session = useSession();
    if (session.status === 'loading') return <Loading />;
    if (session.status !== 'signedIn' || !session.user.roles.includes('admin')) return <NotFoundPage />;
    return (
      <Suspense fallback={<Loading />}>
        <Lazy />
      </Suspense>
    );
  };
}

export const adminRoutes: RouteObject[] = [
  { path: 'admin', Component: adminPage((m) => m.AdminHomePage) },
  { path: 'admin/users', Component: adminPage((m) => m.UsersPage) },
  { path: 'admin/org-units', Component: adminPage((m) => m.OrgUnitsPage) },
  { path: 'admin/workflows', Component: adminPage((m) => m.WorkflowsPage) },
  { path: 'admin/workflows/new', Component: adminPage((m) => m.WorkflowEditorPage) },
  { path: 'admin/workflows/:id', Component: adminPage((m) => m.WorkflowEditorPage) },
  { path: 'admin/associations', Component: adminPage((m) => m.AssociationsPage) },
  { path: 'admin/audit', Component: adminPage((m) => m.AuditPage) },
  { path: 'admin/approvals', Component: adminPage((m) => m.StuckApprovalsPage) },
];
