export { DocumentsPage } from './DocumentsPage';
export { NewDocumentPage } from './NewDocumentPage';
export { DocumentPage } from './DocumentPage';
