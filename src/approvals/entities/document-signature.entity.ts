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

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
