import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last reference number used per unit and year; bumped in the submitting transaction (gapless). */
@Entity('reference_counters')
export class ReferenceCounter {
  @PrimaryColumn({ type: 'uuid' })
  orgUnitId: string;

  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ type: 'int' })
  last: number;
}
