import { ApprovalRequest } from './approval-request.entity.js';
import { ApprovalStage } from './approval-stage.entity.js';
import { ApprovalTask } from './approval-task.entity.js';
import { Delegation } from './delegation.entity.js';
import { DocumentType } from './document-type.entity.js';
import { DocumentSignature } from './document-signature.entity.js';
import { DocumentVersion } from './document-version.entity.js';
import { Document } from './document.entity.js';
import { ReferenceCounter } from './reference-counter.entity.js';
import { WorkflowTemplate } from './workflow-template.entity.js';

export const approvalEntities = [
  Document,
  DocumentVersion,
  WorkflowTemplate,
  ApprovalRequest,
  ApprovalStage,
  ApprovalTask,
  Delegation,
  ReferenceCounter,
  DocumentSignature,
  DocumentType,
];
