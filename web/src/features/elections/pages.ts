import './elections.css';

export { ElectionsPage } from './ElectionsPage';
export { ElectionPage } from './ElectionPage';
export { AssociationPage, BoardPage } from './AssociationPage';
