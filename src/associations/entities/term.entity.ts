import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Association } from './association.entity.js';

/** A board term of an association, e.g. the 7th term, 2014-2015, 11 seats. */
@Check('association_terms_dates_check', `ends_on >= starts_on AND board_seats > 0`)
@Entity('association_terms')
@Index('association_terms_association_number_key', ['associationId', 'number'], { unique: true })
export class Term {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  associationId: string;

  @ManyToOne(() => Association, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'association_id' })
  association?: Relation<Association>;

  @Column({ type: 'int' })
  number: number;

  @Column({ type: 'date' })
  startsOn: string;

  @Column({ type: 'date' })
  endsOn: string;

  @Column({ type: 'int' })
  boardSeats: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
