import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsDateString,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination.js';
import { DOCUMENT_STATUSES } from '../domain/state-machine.js';
import { ApproverDto } from './workflow.dto.js';

/** The fields of POST /documents (JSON, or the text fields of the multipart form; `metadata` as a JSON string there). */
export class CreateDocumentDto {
  @ApiProperty({ example: 'ផែនការថវិកាឆ្នាំ ២០២៧ / Budget plan 2027' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  title: string;

  @ApiProperty({ example: 'budget_plan' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  documentType: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The issuing unit (default: the submitter’s unit)' })
  @IsOptional()
  @IsUUID()
  orgUnitId?: string;

  @ApiPropertyOptional({ enum: ['public', 'internal', 'confidential'], default: 'internal' })
  @IsOptional()
  @IsIn(['public', 'internal', 'confidential'])
  classification?: 'public' | 'internal' | 'confidential';

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateString({ strict: true })
  dueAt?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { amount: 15000 } })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'The text of the document, when no file is sent (JSON requests)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(500_000)
  body?: string;
}

export class CreateVersionDto {
  @ApiPropertyOptional({ description: 'The new text, when no file is sent' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(500_000)
  body?: string;

  @ApiPropertyOptional({ example: 'Amount corrected as asked' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'Replaces the metadata. Sent alone (JSON, no `body`), the version keeps the content of the one before: the details corrected, the file the same',
  })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;
}

export const TASK_ORIGINS = [
  'approver',
  'vacancy_escalation',
  'next_in_line',
  'sla_escalation',
  'admin_route',
] as const;

export class SubmitDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Default: the template chosen by type and condition' })
  @IsOptional()
  @IsUUID()
  workflowId?: string;
}

export class WithdrawDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class DocumentListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: ['mine', 'inbox', 'decided'],
    default: 'mine',
    description:
      'mine: I submitted; inbox: a task of mine waits; decided: I (or my delegate, acting for me) decided a task',
  })
  @IsOptional()
  @IsIn(['mine', 'inbox', 'decided'])
  box?: 'mine' | 'inbox' | 'decided';

  @ApiPropertyOptional({ enum: DOCUMENT_STATUSES })
  @IsOptional()
  @IsIn(DOCUMENT_STATUSES)
  status?: (typeof DOCUMENT_STATUSES)[number];

  @ApiPropertyOptional({ description: 'Document type' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  type?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  orgUnitId?: string;

  @ApiPropertyOptional({ description: 'Substring of the title or reference number (Latin or Khmer)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  search?: string;
}

/** Any JSON value: a metadata field holds whatever the submitter's form sent. */
const JSON_VALUE = {
  oneOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'array', items: {} },
    { type: 'object', additionalProperties: true },
  ],
  nullable: true,
};

export class MetadataChangeDto {
  @ApiProperty() field: string;
  @ApiProperty({ ...JSON_VALUE, description: 'The previous value (null: the field was added)' })
  from: unknown;
  @ApiProperty({ ...JSON_VALUE, description: 'The new value (null: the field was removed)' })
  to: unknown;
}

export class VersionDto {
  @ApiProperty() no: number;
  @ApiProperty() sha256: string;
  @ApiProperty() size: number;
  @ApiProperty() mime: string;
  @ApiPropertyOptional({ type: String, nullable: true }) fileName: string | null;
  @ApiProperty({ description: 'true: a file; false: a text body' }) hasFile: boolean;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The text, for a body version' })
  body: string | null;
  @ApiProperty({ format: 'uuid' }) authorId: string;
  @ApiPropertyOptional({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata: Record<string, unknown>;
  @ApiProperty({
    type: [MetadataChangeDto],
    description: 'Metadata fields changed since the previous version',
  })
  metadataDiff: MetadataChangeDto[];
  @ApiProperty() createdAt: string;
  @ApiProperty({
    description:
      "The version's file as a plain link (signed for the caller, valid about 10 minutes; no Authorization header needed)",
  })
  downloadUrl: string;
}

export class PersonDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fullName: string;
  @ApiPropertyOptional({ type: String, nullable: true }) fullNameKm: string | null;
}

export class TaskDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) documentId: string;
  @ApiProperty() stageIndex: number;
  @ApiProperty({ description: "The stage's name in English" }) stageName: string;
  @ApiProperty({ type: String, nullable: true, description: "The stage's name in Khmer" })
  stageNameKm: string | null;
  @ApiProperty({ format: 'uuid' }) assigneeId: string;
  @ApiPropertyOptional({ type: PersonDto, nullable: true }) assignee: PersonDto | null;
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The approver the assignee acts for',
  })
  actingForId: string | null;
  @ApiPropertyOptional({ type: PersonDto, nullable: true }) actingFor: PersonDto | null;
  @ApiProperty({ enum: ['pending', 'approved', 'rejected', 'returned', 'cancelled', 'recalled'] })
  status: string;
  @ApiProperty({ enum: TASK_ORIGINS }) origin: string;
  @ApiProperty({ description: 'The document version the assignee was shown' }) versionNo: number;
  @ApiProperty({ description: 'Counts toward the stage now (false: an earlier activation)' })
  current: boolean;
  @ApiPropertyOptional({ type: String, nullable: true }) dueAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) decidedAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) comment: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) remindedAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) escalatedAt: string | null;
}

export const ROUTING_OUTCOMES = [
  'resolved',
  'vacant_routed_to_escalation',
  'vacant_no_escalation',
  'submitter_skipped_routed_to_escalation',
  'submitter_skipped_routed_to_superior',
  'submitter_skipped_no_one',
  'delegate_is_submitter',
  'delegate_approved_earlier',
  'escalation_target_is_submitter',
  'routed_by_admin',
  'reassigned_by_admin',
  'taken_back',
] as const;

/** Why a stage routes the way it does, per approver spec (see `RoutingNote` of the stage entity). */
export class RoutingNoteDto {
  @ApiProperty({ type: ApproverDto, description: 'The approver spec of the template' }) approver: ApproverDto;
  @ApiProperty({ enum: ROUTING_OUTCOMES }) outcome: (typeof ROUTING_OUTCOMES)[number];
  @ApiPropertyOptional({ format: 'uuid', description: 'Who got the task (or keeps it)' }) userId?: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The unit whose head took the task (`submitter_skipped_routed_to_superior`)',
  })
  unitId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The submitter, when routing passed them over' })
  skippedUserId?: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The delegate passed over because they approved an earlier stage (`delegate_approved_earlier`)',
  })
  delegateId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The overdue task (`escalation_target_is_submitter`)' })
  taskId?: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'Whom the task was taken from (`reassigned_by_admin`; `taken_back`: the delegate, when the ' +
      'approver revoked the delegation)',
  })
  fromUserId?: string;
  @ApiPropertyOptional({ description: 'Why, as the administrator gave it (`reassigned_by_admin`)' })
  reason?: string;
}

export class StageViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() index: number;
  @ApiProperty({ description: 'The name in English' }) name: string;
  @ApiProperty({ type: String, nullable: true, description: 'The name in Khmer' }) nameKm: string | null;
  @ApiProperty({ enum: ['all', 'any', 'quorum'] }) mode: string;
  @ApiPropertyOptional({ type: Number, nullable: true }) quorum: number | null;
  @ApiProperty({ enum: ['pending', 'active', 'approved', 'rejected', 'returned', 'cancelled', 'blocked'] })
  status: string;
  @ApiPropertyOptional({ type: Number, nullable: true }) slaHours: number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) escalateToUserId: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) activatedAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) completedAt: string | null;
  @ApiProperty({
    type: [RoutingNoteDto],
    description: 'How each approver was resolved (vacant posts, escalation)',
  })
  routingNotes: RoutingNoteDto[];
  @ApiProperty({ type: [TaskDto] }) tasks: TaskDto[];
}

export class RequestViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) templateId: string;
  @ApiProperty() templateVersion: number;
  @ApiProperty({ enum: ['active', 'blocked', 'approved', 'rejected', 'returned', 'withdrawn'] })
  status: string;
  @ApiProperty() currentStage: number;
  @ApiProperty() round: number;
  @ApiProperty() versionNo: number;
  @ApiProperty() startedAt: string;
  @ApiPropertyOptional({ type: String, nullable: true }) finishedAt: string | null;
}

export class DocumentSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() documentType: string;
  @ApiProperty({ format: 'uuid' }) orgUnitId: string;
  @ApiProperty({ enum: ['public', 'internal', 'confidential'] }) classification: string;
  @ApiProperty({ enum: DOCUMENT_STATUSES }) status: string;
  @ApiProperty({ format: 'uuid' }) submitterId: string;
  @ApiProperty() currentVersionNo: number;
  @ApiPropertyOptional({ type: String, nullable: true }) referenceNumber: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) verificationCode: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) dueAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) submittedAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) approvedAt: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date-time',
    description: 'When the approved document was revoked (its verification answers "revoked")',
  })
  revokedAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiPropertyOptional({
    type: PersonDto,
    nullable: true,
    description:
      'In the list of what the caller decided (`box=decided`): the delegate who decided it for them, ' +
      'when they decided nothing of it themselves',
  })
  decidedForYouBy?: PersonDto | null;
}

export class SignedCopyDto {
  @ApiProperty() sha256: string;
  @ApiProperty() size: number;
  @ApiProperty({ description: 'Where the PDF is downloaded (API path)' }) url: string;
  @ApiProperty() createdAt: string;
}

export class IssuingUnitDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) nameKm: string | null;
}

/** What a document of another module is about (e.g. the meeting whose minutes it approves). */
export class DocumentSubjectDto {
  @ApiProperty({ example: 'meeting', description: 'What kind of thing: `meeting` for minutes and errata' })
  type: string;
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '/meetings/7d0c…', description: "The subject's page in the app" })
  link: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '/meetings/7d0c…/print',
    description: 'Its printable view in the app (for minutes: the minutes to read before deciding)',
  })
  printLink: string | null;
}

export class DocumentDto extends DocumentSummaryDto {
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata: Record<string, unknown>;
  @ApiProperty({ type: IssuingUnitDto, nullable: true }) issuingUnit: IssuingUnitDto | null;
  @ApiPropertyOptional({ type: PersonDto, nullable: true }) submitter: PersonDto | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The verification link, once approved' })
  verificationUrl: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'The QR code of the verification link (SVG) as a plain signed link, once approved',
  })
  qrCodeUrl: string | null;
  @ApiPropertyOptional({
    type: SignedCopyDto,
    nullable: true,
    description:
      'The signed copy (PDF: the approved version and the sign-off sheet), once the worker made it',
  })
  signedCopy: SignedCopyDto | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why it was revoked' })
  revocationReason: string | null;
  @ApiProperty({
    description: 'The caller may revoke it now (approved, not revoked; the issuing unit’s head or an admin)',
  })
  mayRevoke: boolean;
  @ApiProperty({
    type: DocumentSubjectDto,
    nullable: true,
    description:
      'What the document is about when another module submitted it (minutes: their meeting); null otherwise',
  })
  subject: DocumentSubjectDto | null;
  @ApiProperty({ type: [VersionDto] }) versions: VersionDto[];
  @ApiPropertyOptional({ type: RequestViewDto, nullable: true }) request: RequestViewDto | null;
  @ApiProperty({ type: [StageViewDto] }) stages: StageViewDto[];
  @ApiProperty({ type: [TaskDto], description: 'The pending tasks of the active stage' }) tasks: TaskDto[];
}

export class DocumentPageDto {
  @ApiProperty({ type: [DocumentSummaryDto] }) items: DocumentSummaryDto[];
  @ApiPropertyOptional({ type: String, nullable: true }) nextCursor: string | null;
}
