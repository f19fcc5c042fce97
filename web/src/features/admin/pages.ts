import './admin.css';

export { AdminHomePage } from './AdminHomePage';
export { UsersPage } from './UsersPage';
export { OrgUnitsPage } from './OrgUnitsPage';
export { WorkflowsPage } from './WorkflowsPage';
export { WorkflowEditorPage } from './WorkflowEditorPage';
export { AssociationsPage } from './AssociationsPage';
export { AuditPage } from './AuditPage';
export { StuckApprovalsPage } from './StuckApprovalsPage';
