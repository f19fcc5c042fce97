import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { AUDIT_ACTIONS, type AuditAction } from '../audit-actions.js';
import { PageQueryDto } from '../../common/http/pagination.js';

export class AuditEntryDto {
  @ApiProperty({ description: 'Increasing id (a string: bigint)', example: '42' })
  id: string;

  @ApiProperty({ example: 'document:7d0c6f5e-…' })
  stream: string;

  @ApiProperty({ description: 'Position in its stream, from 1' })
  seq: number;

  @ApiProperty({
    example: 'document.submitted',
    description:
      "One of the `action` filter's values; an entry written before an action was renamed keeps its old name",
  })
  action: string;

  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  actorId: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Who did it, by name (null for the system or a removed account)',
  })
  actorName: string | null;

  @ApiProperty({ nullable: true, type: String })
  actorNameKm: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'The person the entry is about: the account of an entry about one (entityType `user`), else the `userId` its data names (a member added, a board role given)',
  })
  subjectName: string | null;

  @ApiProperty({ nullable: true, type: String })
  subjectNameKm: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Whom the actor acted for (a delegation), when the data names them (`actingForId`)',
  })
  actingForName: string | null;

  @ApiProperty({ nullable: true, type: String })
  actingForNameKm: string | null;

  @ApiProperty({ example: 'document' })
  entityType: string;

  @ApiProperty()
  entityId: string;

  @ApiProperty({ type: 'object', additionalProperties: true })
  data: Record<string, unknown>;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ nullable: true, type: String, description: 'Hash of the previous entry of the stream' })
  prevHash: string | null;

  @ApiProperty({ description: 'SHA-256 (hex) of this entry, prevHash included' })
  hash: string;
}

/** A person an entry's data names by id. */
export class AuditPersonDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ nullable: true, type: String })
  nameKm: string | null;
}

/** A page of entries (a document's own trail). */
export class AuditTrailPageDto {
  @ApiProperty({ type: [AuditEntryDto] })
  items: AuditEntryDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}

/** A page of the audit list (administrators), with the accounts its entries name. */
export class AuditPageDto extends AuditTrailPageDto {
  @ApiProperty({
    type: [AuditPersonDto],
    description:
      "Every account the page's entries name by id in their data (the elected, a task's new assignee, a member added...), by name: the data itself keeps only ids",
  })
  people: AuditPersonDto[];
}

export class AuditListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'document' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  entityId?: string;

  @ApiPropertyOptional({ example: 'document:7d0c6f5e-…' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  stream?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only what this person did' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ enum: AUDIT_ACTIONS, description: 'Only entries of this kind' })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  action?: AuditAction;
}

export class AuditVerifyResultDto {
  @ApiProperty()
  ok: boolean;

  @ApiProperty({ description: 'Entries checked' })
  checked: number;

  @ApiPropertyOptional({ description: 'The lowest id of an entry whose hash or link is wrong' })
  firstBadId?: string;

  @ApiPropertyOptional({
    enum: [
      'hash_mismatch',
      'broken_link',
      'seq_gap',
      'head_mismatch',
      'head_without_entries',
      'stream_missing',
      'tail_missing',
      'checkpoint_mismatch',
      'checkpoint_signature',
    ],
  })
  problem?: string;

  @ApiPropertyOptional({ description: 'The stream of the problem' })
  stream?: string;

  @ApiPropertyOptional({ description: 'The signed checkpoint the log was checked against (the last one)' })
  checkpointId?: string;
}

export class CheckpointHeadDto {
  @ApiProperty({ description: "The seq of the stream's last entry" })
  seq: number;

  @ApiProperty({ description: 'Its hash' })
  hash: string;
}

export class AuditCheckpointDto {
  @ApiProperty({ description: 'Increasing id (a string: bigint)', example: '7' })
  id: string;

  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty({
    description: 'Stream name -> its head',
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/CheckpointHeadDto' },
  })
  heads: Record<string, CheckpointHeadDto>;

  @ApiProperty({ description: 'Id of the signing key (as on approval manifests)' })
  publicKeyId: string;

  @ApiProperty({
    description:
      'Ed25519 (base64) over the canonical JSON of { id, at, heads, publicKeyId } (src/audit/README.md)',
  })
  signature: string;
}
