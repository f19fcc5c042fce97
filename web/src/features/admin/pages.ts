import './admin.css';

export { AdminHomePage } from './AdminHomePage';
export { UsersPage } from './UsersPage';
export { OrgUnitsPage } from './OrgUnitsPage';
export { AssociationsPage } from './AssociationsPage';
export { AuditPage } from './AuditPage';
