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
import { Document } from './document.entity.js';
import type { Manifest } from '../domain/manifest.js';

/** The signed manifest of an approved document. `canonical` holds the exact bytes that were signed. */
@Entity('document_signatures')
export class DocumentSignature {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('document_signatures_document_id_key', { unique: true })
  @Column({ type: 'uuid' })
  documentId: string;

  @ManyToOne(() => Document, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'document_id' })
  document?: Relation<Document>;

  @Column({ type: 'jsonb' })
  manifest: Manifest;

  @Column({ type: 'text' })
  canonical: string;

  @Column({ type: 'text' })
  signature: string;

  @Column({ type: 'text' })
  publicKeyId: string;

  /**
   * The signed copy (a `files` row, PDF): the approved version followed by the sign-off sheet,
   * made by the worker after sign-off. Null until it is made.
   */
  @Column({ type: 'uuid', nullable: true })
  signedCopyFileId: string | null;

  @Column({ type: 'text', nullable: true })
  signedCopySha256: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  signedCopyAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
