import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The latest entry of each audit stream; locking this row orders the stream's appends. */
@Entity('audit_heads')
export class AuditHead {
  @PrimaryColumn({ type: 'text' })
  stream: string;

  @Column({ type: 'int' })
  seq: number;

  @Column({ type: 'text' })
  hash: string;
}
