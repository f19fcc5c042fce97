import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A document type's display names. The code (`travel_request`) is what templates and documents
 * carry; the names are what people read, in Khmer and English. A type without a row here is still
 * valid: pages then show its code. One name may be missing: pages show
 * the other.
 */
@Entity('document_types')
export class DocumentType {
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ type: 'text', nullable: true })
  nameKm: string | null;

  @Column({ type: 'text', nullable: true })
  nameEn: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
