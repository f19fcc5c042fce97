import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { PostKind } from './entities/org-post.entity.js';
import { OrgUnit } from './entities/org-unit.entity.js';
import { User } from './entities/user.entity.js';
import { dateOnly } from './org-views.js';

/**
 * What other modules may ask of `org` (docs/module-contracts.md). Every method takes an optional
 * entity manager, so it can read inside the caller's transaction. Users come without their
 * password hash (the column is not selected by default).
 */
@Injectable()
export class OrgService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findUserById(id: string, em: EntityManager = this.dataSource.manager): Promise<User | null> {
    return em.findOneBy(User, { id });
  }

  /** The users that exist among `ids` (in no particular order; unknown ids are skipped). */
  async findUsersByIds(ids: string[], em: EntityManager = this.dataSource.manager): Promise<User[]> {
    const unique = [...new Set(ids)];
    if (!unique.length) return [];
    return em.findBy(User, { id: In(unique) });
  }

  /**
   * Users holding a post of `kind` in the unit on the (UTC) date of `at`: validFrom <= at and
   * (validTo is null or validTo >= at), both dates inclusive. Disabled users are left out, since
   * they can no longer act. Sorted by username, so callers get a stable order.
   */
  async currentHolders(
    em: EntityManager | undefined,
    orgUnitId: string,
    kind: PostKind,
    at: Date = new Date(),
  ): Promise<User[]> {
    const day = dateOnly(at);
    return (em ?? this.dataSource.manager)
      .createQueryBuilder(User, 'u')
      .innerJoin('org_posts', 'p', 'p.user_id = u.id')
      .where('p.org_unit_id = :orgUnitId', { orgUnitId })
      .andWhere('p.kind = :kind', { kind })
      .andWhere('(p.valid_from IS NULL OR p.valid_from <= :day)', { day })
      .andWhere('(p.valid_to IS NULL OR p.valid_to >= :day)', { day })
      .andWhere(`u.status <> 'disabled'`)
      .distinct(true)
      .orderBy('u.username', 'ASC')
      .getMany();
  }

  getUnit(id: string, em: EntityManager = this.dataSource.manager): Promise<OrgUnit | null> {
    return em.findOneBy(OrgUnit, { id });
  }

  /** The parent unit's id; null for a root or an unknown unit. */
  async parentUnitId(unitId: string, em: EntityManager = this.dataSource.manager): Promise<string | null> {
    const unit = await em.findOne(OrgUnit, { where: { id: unitId }, select: { id: true, parentId: true } });
    return unit?.parentId ?? null;
  }

  /** The id of the unit the user belongs to; null when none or the user is unknown. */
  async unitOfUser(userId: string, em: EntityManager = this.dataSource.manager): Promise<string | null> {
    const user = await em.findOne(User, { where: { id: userId }, select: { id: true, orgUnitId: true } });
    return user?.orgUnitId ?? null;
  }

  /**
   * Whether the user belongs to the unit: it is their unit, or they hold a post in it today (any
   * kind, dates inclusive as in `currentHolders`). A disabled user belongs nowhere.
   */
  async isUnitMember(
    userId: string,
    unitId: string,
    em: EntityManager = this.dataSource.manager,
    at: Date = new Date(),
  ): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `SELECT 1 FROM users u
        WHERE u.id = $1 AND u.status <> 'disabled'
          AND (u.org_unit_id = $2 OR EXISTS (
                SELECT 1 FROM org_posts p
                 WHERE p.user_id = u.id AND p.org_unit_id = $2
                   AND (p.valid_from IS NULL OR p.valid_from <= $3::date)
                   AND (p.valid_to IS NULL OR p.valid_to >= $3::date)))`,
      [userId, unitId, dateOnly(at)],
    );
    return rows.length > 0;
  }

  /** The unit's ancestors' ids, nearest first (parent, grandparent, ... root). */
  async ancestorUnitIds(unitId: string, em: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows: { id: string }[] = await em.query(
      `WITH RECURSIVE up(id, parent_id, depth) AS (
         SELECT id, parent_id, 0 FROM org_units WHERE id = $1
         UNION ALL
         SELECT o.id, o.parent_id, up.depth + 1 FROM org_units o JOIN up ON o.id = up.parent_id
         WHERE up.depth < 50
       )
       SELECT id FROM up WHERE depth > 0 ORDER BY depth`,
      [unitId],
    );
    return rows.map((r) => r.id);
  }
}
