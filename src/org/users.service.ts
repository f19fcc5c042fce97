import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { hashPassword } from '../common/auth/password.js';
import { badRequest, conflict, notFound } from '../common/errors/domain-error.js';
import { decodeCursor, type Page, toPage } from '../common/http/pagination.js';
import { preparedQuery } from '../database/prepared-query.js';
import { TransactionService } from '../database/transaction.service.js';
import type { MeDto } from './dto/me.dto.js';
import type {
  CreateUserDto,
  ListUsersQueryDto,
  UpdateMeDto,
  UpdateUserDto,
  UserDto,
} from './dto/user.dto.js';
import { OrgPost } from './entities/org-post.entity.js';
import { OrgUnit } from './entities/org-unit.entity.js';
import type { Role } from '../common/auth/role.js';
import type { Locale } from '../common/i18n/locale.js';
import { User, type UserStatus } from './entities/user.entity.js';
import { dateOnly, escapeLike, toUnitSummary, toUserDto } from './org-views.js';
import { UserRenames } from './user-renames.js';

/** What the auth guard needs on every request: one primary-key lookup. */
export interface AuthUserRow {
  id: string;
  username: string;
  roles: Role[];
  locale: Locale;
  status: UserStatus;
  passwordChangedAt: Date | null;
  /** The password was set by an administrator and its owner has not chosen their own yet. */
  mustChangePassword: boolean;
}

/** A user with the credential columns, for the login use case only. */
export type UserWithCredentials = User & { passwordHash: string };

/** Users: the directory, the admin's user management, the caller's own profile, and credentials for auth. */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly renames: UserRenames,
  ) {}

  async create(dto: CreateUserDto, actorId: string): Promise<UserDto> {
    const passwordHash = await hashPassword(dto.password);
    const user = await this.tx.run(async (em) => {
      if (dto.orgUnitId) await this.requireUnitForBody(em, dto.orgUnitId, 'orgUnitId');
      const inserted = await em
        .createQueryBuilder()
        .insert()
        .into(User)
        .values({
          username: dto.username,
          passwordHash,
          fullName: dto.fullName,
          fullNameKm: dto.fullNameKm || null,
          email: dto.email ?? null,
          locale: dto.locale ?? 'km',
          status: dto.status ?? 'active',
          roles: dto.roles ?? [],
          orgUnitId: dto.orgUnitId ?? null,
          mustChangePassword: dto.mustChangePassword ?? true,
        })
        .orIgnore()
        .returning(['id'])
        .execute();
      const id = (inserted.raw as { id: string }[])[0]?.id;
      if (!id) throw conflict('USERNAME_TAKEN', `The username ${dto.username} is taken`);
      const created = await em.findOneByOrFail(User, { id });
      await this.audit.append(em, {
        stream: `user:${id}`,
        action: 'user.created',
        actorId,
        entityType: 'user',
        entityId: id,
        data: {
          username: created.username,
          roles: created.roles,
          status: created.status,
          orgUnitId: created.orgUnitId,
          mustChangePassword: created.mustChangePassword,
        },
      });
      return created;
    });
    return toUserDto(user);
  }

  async list(query: ListUsersQueryDto): Promise<Page<UserDto>> {
    const limit = query.limit ?? 50;
    const after = decodeCursor<[string]>(query.cursor, 1);
    const qb = this.dataSource.getRepository(User).createQueryBuilder('u').orderBy('u.username', 'ASC');
    if (query.search) {
      // The pg_trgm GIN indexes of the initial migration serve these ILIKEs (Khmer included).
      qb.andWhere('(u.username ILIKE :term OR u.fullName ILIKE :term OR u.fullNameKm ILIKE :term)', {
        term: `%${escapeLike(query.search)}%`,
      });
    }
    if (query.orgUnitId) qb.andWhere('u.orgUnitId = :orgUnitId', { orgUnitId: query.orgUnitId });
    if (query.status) qb.andWhere('u.status = :status', { status: query.status });
    if (query.inUnit) qb.andWhere('u.orgUnitId IS NOT NULL');
    if (after) {
      if (typeof after[0] !== 'string') throw badRequest('INVALID_CURSOR', 'The cursor is not valid');
      qb.andWhere('u.username > :after', { after: after[0] });
    }
    const rows = await qb.limit(limit + 1).getMany();
    return toPage(rows.map(toUserDto), limit, (u) => [u.username]);
  }

  async get(id: string): Promise<UserDto> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id });
    if (!user) throw notFound('USER_NOT_FOUND', 'No such user');
    return toUserDto(user);
  }

  async update(id: string, dto: UpdateUserDto, actorId: string): Promise<UserDto> {
    if (dto.mustChangePassword !== undefined && !dto.password) {
      throw badRequest(
        'PASSWORD_REQUIRED_WITH_FLAG',
        'mustChangePassword goes with a new password (a reset), not alone',
        [{ field: 'password', problems: ['a new password is needed with mustChangePassword'] }],
      );
    }
    const passwordHash = dto.password ? await hashPassword(dto.password) : undefined;
    const user = await this.tx.run(async (em) => {
      const current = await em.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw notFound('USER_NOT_FOUND', 'No such user');
      if (dto.orgUnitId) await this.requireUnitForBody(em, dto.orgUnitId, 'orgUnitId');
      // An admin who disables their own account is signed out at once and cannot undo it.
      if (id === actorId && dto.status === 'disabled' && current.status !== 'disabled') {
        throw conflict('CANNOT_DISABLE_SELF', 'You cannot disable your own account; another admin can');
      }
      const losesAdmin =
        current.roles.includes('admin') &&
        current.status !== 'disabled' &&
        ((dto.roles !== undefined && !dto.roles.includes('admin')) || dto.status === 'disabled');
      if (losesAdmin) await this.requireAnotherAdmin(em, id);
      const changes: Partial<UserWithCredentials> = {};
      if (dto.fullName !== undefined) changes.fullName = dto.fullName;
      if (dto.fullNameKm !== undefined) changes.fullNameKm = dto.fullNameKm || null;
      if (dto.email !== undefined) changes.email = dto.email;
      if (dto.locale !== undefined) changes.locale = dto.locale;
      if (dto.status !== undefined) changes.status = dto.status;
      if (dto.roles !== undefined) changes.roles = dto.roles;
      if (dto.orgUnitId !== undefined) changes.orgUnitId = dto.orgUnitId;
      if (passwordHash) {
        Object.assign(changes, {
          passwordHash,
          failedLoginCount: 0,
          lockedUntil: null,
          mustChangePassword: dto.mustChangePassword ?? true,
        });
      }
      if (Object.keys(changes).length) {
        // A new password ends every session begun with the old one (refresh and access tokens alike).
        // This process's clock, as an access token's `iat` is: a login right after the reset must pass.
        await em.update(User, { id }, passwordHash ? { ...changes, passwordChangedAt: new Date() } : changes);
        const renamed =
          (changes.fullName !== undefined && changes.fullName !== current.fullName) ||
          (changes.fullNameKm !== undefined && changes.fullNameKm !== current.fullNameKm);
        if (renamed) await this.renames.publish(em, id);
        const {
          passwordHash: _hash,
          failedLoginCount: _f,
          lockedUntil: _l,
          mustChangePassword,
          ...visible
        } = changes;
        await this.audit.append(em, {
          stream: `user:${id}`,
          action: 'user.updated',
          actorId,
          entityType: 'user',
          entityId: id,
          // The new values, never the password; only that it was reset.
          data: { ...visible, ...(passwordHash ? { passwordReset: true, mustChangePassword } : {}) },
        });
      }
      return em.findOneByOrFail(User, { id });
    });
    return toUserDto(user);
  }

  async me(userId: string, at = new Date()): Promise<MeDto> {
    const user = await this.dataSource.getRepository(User).findOne({
      where: { id: userId },
      relations: { orgUnit: true },
    });
    if (!user) throw notFound('USER_NOT_FOUND', 'No such user');
    const day = dateOnly(at);
    const posts = await this.dataSource
      .getRepository(OrgPost)
      .createQueryBuilder('p')
      .innerJoinAndSelect('p.orgUnit', 'unit')
      .where('p.userId = :userId', { userId })
      .andWhere('(p.validFrom IS NULL OR p.validFrom <= :day)', { day })
      .andWhere('(p.validTo IS NULL OR p.validTo >= :day)', { day })
      .orderBy('unit.code', 'ASC')
      .addOrderBy('p.kind', 'ASC')
      .getMany();
    return {
      ...toUserDto(user),
      mustChangePassword: user.mustChangePassword,
      orgUnit: user.orgUnit ? toUnitSummary(user.orgUnit) : null,
      posts: posts.map((p) => ({
        id: p.id,
        kind: p.kind,
        title: p.title,
        titleKm: p.titleKm,
        orgUnit: toUnitSummary(p.orgUnit as OrgUnit),
        validFrom: p.validFrom,
        validTo: p.validTo,
      })),
    };
  }

  async updateMe(userId: string, dto: UpdateMeDto): Promise<MeDto> {
    await this.tx.run(async (em) => {
      const changes: Partial<User> = {};
      if (dto.locale !== undefined) changes.locale = dto.locale;
      if (dto.email !== undefined) changes.email = dto.email;
      if (Object.keys(changes).length) {
        const res = await em.update(User, { id: userId }, changes);
        if (!res.affected) throw notFound('USER_NOT_FOUND', 'No such user');
      }
    });
    return this.me(userId);
  }

  // ---- for the auth module -------------------------------------------------------------------

  /** The user with the password hash and lockout columns, by (lower-case) username. */
  async findForLogin(username: string): Promise<UserWithCredentials | null> {
    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.username = :username', { username })
      .getOne();
    return user;
  }

  /**
   * Replaces a password hash, only over `current` (the hash the caller just checked), so a change
   * that committed meanwhile is not overwritten: false when there was one. A password the user
   * chose (`chosenByUser`) also ends an administrator's demand to replace theirs; a rehash of the
   * same password (other parameters) does not.
   */
  async replacePasswordHash(
    em: EntityManager,
    id: string,
    change: { current: string; next: string; chosenByUser: boolean },
  ): Promise<boolean> {
    const updated = await em.update(
      User,
      { id, passwordHash: change.current },
      { passwordHash: change.next, ...(change.chosenByUser ? { mustChangePassword: false } : {}) },
    );
    return !!updated.affected;
  }

  /** The caller as the guard sees them; one indexed lookup per request, so a disabled user is out at once. */
  /** The guard's lookup on every authenticated request: a named (prepared) statement. */
  async findAuthUser(id: string, em: EntityManager = this.dataSource.manager): Promise<AuthUserRow | null> {
    const rows = await preparedQuery<AuthUserRow>(
      em,
      'users.auth_user',
      `SELECT id, username, roles, locale, status, password_changed_at AS "passwordChangedAt",
              must_change_password AS "mustChangePassword"
         FROM users WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  // ---- helpers --------------------------------------------------------------------------------

  private async requireUnitForBody(em: EntityManager, unitId: string, field: string): Promise<void> {
    const exists = await em.existsBy(OrgUnit, { id: unitId });
    if (!exists) {
      throw badRequest('ORG_UNIT_NOT_FOUND', 'No such org unit', [
        { field, problems: ['no org unit has this id'] },
      ]);
    }
  }

  /** Refuses to demote or disable the last active admin (nobody could manage users any more). */
  private async requireAnotherAdmin(em: EntityManager, exceptId: string): Promise<void> {
    // Locks every admin row, so two admins demoting each other at once cannot both succeed.
    const admins: { id: string }[] = await em.query(
      `SELECT id FROM users WHERE 'admin' = ANY(roles) AND status <> 'disabled' FOR UPDATE`,
    );
    if (!admins.some((a) => a.id !== exceptId)) {
      throw conflict('LAST_ADMIN', 'This is the last active admin; make another admin first');
    }
  }
}
