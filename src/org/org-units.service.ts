import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { badRequest, conflict, notFound } from '../common/errors/domain-error.js';
import { TransactionService } from '../database/transaction.service.js';
import type {
  CreateOrgPostDto,
  CreateOrgUnitDto,
  ListOrgPostsQueryDto,
  OrgPostDto,
  OrgUnitDto,
  OrgUnitTreeNodeDto,
} from './dto/org-unit.dto.js';
import { OrgPost } from './entities/org-post.entity.js';
import { OrgUnit } from './entities/org-unit.entity.js';
import { User } from './entities/user.entity.js';
import { toPostDto, toUnitDto } from './org-views.js';

/** The ministry's tree of units and who holds which post in them. */
@Injectable()
export class OrgUnitsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
  ) {}

  async create(dto: CreateOrgUnitDto, actorId: string): Promise<OrgUnitDto> {
    const unit = await this.tx.run(async (em) => {
      if (dto.parentId && !(await em.existsBy(OrgUnit, { id: dto.parentId }))) {
        throw badRequest('PARENT_NOT_FOUND', 'No such parent unit', [
          { field: 'parentId', problems: ['no org unit has this id'] },
        ]);
      }
      const inserted = await em
        .createQueryBuilder()
        .insert()
        .into(OrgUnit)
        .values({
          code: dto.code,
          name: dto.name,
          nameKm: dto.nameKm || null,
          parentId: dto.parentId ?? null,
        })
        .orIgnore()
        .returning(['id'])
        .execute();
      const id = (inserted.raw as { id: string }[])[0]?.id;
      if (!id) throw conflict('ORG_UNIT_CODE_TAKEN', `The unit code ${dto.code} is taken`);
      await this.audit.append(em, {
        stream: `org_unit:${id}`,
        action: 'org_unit.created',
        actorId,
        entityType: 'org_unit',
        entityId: id,
        data: { code: dto.code, name: dto.name, nameKm: dto.nameKm ?? null, parentId: dto.parentId ?? null },
      });
      return em.findOneByOrFail(OrgUnit, { id });
    });
    return toUnitDto(unit);
  }

  /** The whole tree, roots first, children sorted by code. A ministry has hundreds of units, not millions. */
  async tree(): Promise<OrgUnitTreeNodeDto[]> {
    const units = await this.dataSource.getRepository(OrgUnit).find({ order: { code: 'ASC' } });
    const nodes = new Map<string, OrgUnitTreeNodeDto>(
      units.map((u) => [u.id, { ...toUnitDto(u), children: [] }]),
    );
    const roots: OrgUnitTreeNodeDto[] = [];
    for (const node of nodes.values()) {
      const parent = node.parentId ? nodes.get(node.parentId) : undefined;
      if (parent) parent.children.push(node);
      else roots.push(node);
    }
    return roots;
  }

  async get(id: string): Promise<OrgUnitDto> {
    const unit = await this.dataSource.getRepository(OrgUnit).findOneBy({ id });
    if (!unit) throw notFound('ORG_UNIT_NOT_FOUND', 'No such org unit');
    return toUnitDto(unit);
  }

  async addPost(unitId: string, dto: CreateOrgPostDto, actorId: string): Promise<OrgPostDto> {
    if (dto.from && dto.to && dto.to < dto.from) {
      throw badRequest('VALIDATION_FAILED', 'Request validation failed', [
        { field: 'to', problems: ['to must not be before from'] },
      ]);
    }
    const post = await this.tx.run(async (em) => {
      if (!(await em.existsBy(OrgUnit, { id: unitId }))) {
        throw notFound('ORG_UNIT_NOT_FOUND', 'No such org unit');
      }
      const user = await em.findOneBy(User, { id: dto.userId });
      if (!user) {
        throw badRequest('USER_NOT_FOUND', 'No such user', [
          { field: 'userId', problems: ['no user has this id'] },
        ]);
      }
      const saved = await em.save(
        em.create(OrgPost, {
          orgUnitId: unitId,
          userId: dto.userId,
          kind: dto.kind,
          title: dto.title,
          titleKm: dto.titleKm || null,
          validFrom: dto.from ?? null,
          validTo: dto.to ?? null,
        }),
      );
      await this.audit.append(em, {
        stream: `org_unit:${unitId}`,
        action: 'org_post.created',
        actorId,
        entityType: 'org_post',
        entityId: saved.id,
        data: {
          userId: dto.userId,
          kind: dto.kind,
          title: dto.title,
          from: dto.from ?? null,
          to: dto.to ?? null,
        },
      });
      const reloaded = await em.findOneByOrFail(OrgPost, { id: saved.id });
      return Object.assign(reloaded, { user });
    });
    return toPostDto(post);
  }

  /**
   * Ends a holding: `validTo` becomes `to` (inclusive). A holding that already has an end keeps it
   * (409 ORG_POST_ALREADY_ENDED): a correction is a new holding, so the history stays as it was.
   */
  async endPost(unitId: string, postId: string, to: string, actorId: string): Promise<OrgPostDto> {
    const post = await this.tx.run(async (em) => {
      const found = await em
        .getRepository(OrgPost)
        .createQueryBuilder('p')
        .setLock('pessimistic_write')
        .where('p.id = :postId AND p.orgUnitId = :unitId', { postId, unitId })
        .getOne();
      if (!found) throw notFound('ORG_POST_NOT_FOUND', 'No such post in this unit');
      if (found.validTo !== null) {
        throw conflict('ORG_POST_ALREADY_ENDED', `This holding already ended on ${found.validTo}`, {
          validTo: found.validTo,
        });
      }
      if (found.validFrom && to < found.validFrom) {
        throw badRequest('VALIDATION_FAILED', 'Request validation failed', [
          { field: 'to', problems: ['to must not be before the first day held'] },
        ]);
      }
      await em.update(OrgPost, { id: postId }, { validTo: to });
      await this.audit.append(em, {
        stream: `org_unit:${unitId}`,
        action: 'org_post.ended',
        actorId,
        entityType: 'org_post',
        entityId: postId,
        data: { userId: found.userId, kind: found.kind, title: found.title, to },
      });
      const user = await em.findOneByOrFail(User, { id: found.userId });
      return Object.assign(await em.findOneByOrFail(OrgPost, { id: postId }), { user });
    });
    return toPostDto(post);
  }

  async listPosts(unitId: string, query: ListOrgPostsQueryDto): Promise<OrgPostDto[]> {
    if (!(await this.dataSource.getRepository(OrgUnit).existsBy({ id: unitId }))) {
      throw notFound('ORG_UNIT_NOT_FOUND', 'No such org unit');
    }
    const qb = this.dataSource
      .getRepository(OrgPost)
      .createQueryBuilder('p')
      .innerJoinAndSelect('p.user', 'user')
      .where('p.orgUnitId = :unitId', { unitId });
    if (query.at) {
      qb.andWhere('(p.validFrom IS NULL OR p.validFrom <= :at)', { at: query.at }).andWhere(
        '(p.validTo IS NULL OR p.validTo >= :at)',
        { at: query.at },
      );
    }
    const posts = await qb
      .orderBy(`CASE p.kind WHEN 'head' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 END`, 'ASC')
      .addOrderBy('p.validFrom', 'DESC', 'NULLS LAST')
      .addOrderBy('p.createdAt', 'ASC')
      .getMany();
    return posts.map((p) => toPostDto(p as OrgPost & { user: User }));
  }
}
