import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { StoredFile } from '../../files/entities/stored-file.entity.js';
import { Document } from './document.entity.js';

/** One version of a document's content: a stored file or a text body, with its SHA-256. */
@Entity('document_versions')
@Index('document_versions_document_no_key', ['documentId', 'no'], { unique: true })
export class DocumentVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  documentId: string;

  @ManyToOne(() => Document, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'document_id' })
  document?: Relation<Document>;

  @Column({ type: 'int' })
  no: number;

  /** The uploaded file (files table), or null when the version is a text body. */
  @Column({ type: 'uuid', nullable: true })
  fileId: string | null;

  @ManyToOne(() => StoredFile, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'file_id' })
  file?: Relation<StoredFile>;

  @Column({ type: 'text', nullable: true })
  body: string | null;

  @Column({ type: 'text' })
  sha256: string;

  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  size: number;

  @Column({ type: 'text' })
  mime: string;

  @Column({ type: 'text', nullable: true })
  fileName: string | null;

  @Column({ type: 'uuid' })
  authorId: string;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** The document's metadata when this version was made, to show what changed between versions. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  metadataSnapshot: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
