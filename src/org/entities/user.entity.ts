import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import type { Role } from '../../common/auth/role.js';
import type { Locale } from '../../common/i18n/locale.js';
import { OrgUnit } from './org-unit.entity.js';

export type UserStatus = 'active' | 'retired' | 'disabled';

@Entity('users')
@Index('users_full_name_trgm', { synchronize: false })
@Index('users_full_name_km_trgm', { synchronize: false })
@Index('users_username_trgm', { synchronize: false })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-case; unique. */
  @Index('users_username_key', { unique: true })
  @Column({ type: 'text' })
  username: string;

  @Column({ type: 'text', select: false })
  passwordHash: string;

  @Column({ type: 'text' })
  fullName: string;

  @Column({ type: 'text', nullable: true })
  fullNameKm: string | null;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'text', default: 'km' })
  locale: Locale;

  @Column({ type: 'text', default: 'active' })
  status: UserStatus;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  roles: Role[];

  @Index('users_org_unit_id_idx')
  @Column({ type: 'uuid', nullable: true })
  orgUnitId: string | null;

  @ManyToOne(() => OrgUnit, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'org_unit_id' })
  orgUnit?: Relation<OrgUnit> | null;

  @Column({ type: 'int', default: 0 })
  failedLoginCount: number;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  /** When an admin last set the password: tokens issued before it no longer work. */
  @Column({ type: 'timestamptz', nullable: true })
  passwordChangedAt: Date | null;

  /**
   * The password was set by an administrator (a new account, a reset): until its owner chooses
   * their own, their logins may only change it, read and set their profile, and sign out.
   */
  @Column({ type: 'boolean', default: false })
  mustChangePassword: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
