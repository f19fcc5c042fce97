import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { isAdmin, type AuthUser } from '../common/auth/auth-user.js';
import { forbidden, notFound } from '../common/errors/domain-error.js';
import { AssociationMember } from './entities/association-member.entity.js';
import { Association } from './entities/association.entity.js';

export interface AssociationAccess {
  association: Association;
  /** The caller's membership; null for a global admin who is not a member. */
  membership: AssociationMember | null;
}

/**
 * Who may do what in an association, in one place. Non-members do not learn that an association
 * exists (404); members without the needed role get 403.
 * - member: read the association, its members, terms, boards and elections;
 * - committee (or admin): run elections;
 * - admin (or a global admin): manage members, terms and boards.
 */
@Injectable()
export class AssociationsAccess {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async member(user: AuthUser, associationId: string, em?: EntityManager): Promise<AssociationAccess> {
    const m = em ?? this.dataSource.manager;
    // In turn: `em` may be a transaction, whose one connection takes one query at a time.
    const association = await m.findOneBy(Association, { id: associationId });
    const membership = await m.findOneBy(AssociationMember, { associationId, userId: user.id });
    if (!association || (!membership && !isAdmin(user))) {
      throw notFound('ASSOCIATION_NOT_FOUND', 'No such association');
    }
    return { association, membership };
  }

  async committee(user: AuthUser, associationId: string, em?: EntityManager): Promise<AssociationAccess> {
    const access = await this.member(user, associationId, em);
    if (!isAdmin(user) && !['committee', 'admin'].includes(access.membership?.role ?? '')) {
      throw forbidden(
        'NOT_ELECTION_COMMITTEE',
        "Only the association's election committee or admins may do this",
      );
    }
    return access;
  }

  async admin(user: AuthUser, associationId: string, em?: EntityManager): Promise<AssociationAccess> {
    const access = await this.member(user, associationId, em);
    if (!isAdmin(user) && access.membership?.role !== 'admin') {
      throw forbidden('NOT_ASSOCIATION_ADMIN', "Only the association's admins may do this");
    }
    return access;
  }
}
