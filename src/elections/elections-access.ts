import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AssociationsAccess, type AssociationAccess } from '../associations/associations-access.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { Election } from './entities/election.entity.js';

export interface ElectionAccess extends AssociationAccess {
  election: Election;
}

/**
 * Who may see and run an election: the association's members see it (non-members get 404, as if
 * it did not exist); its committee and admins run it; its admins certify it.
 */
@Injectable()
export class ElectionsAccess {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly associations: AssociationsAccess,
  ) {}

  /** Loads the election (locked FOR UPDATE when `lock` and inside `em`'s transaction). */
  async load(electionId: string, em?: EntityManager, lock = false): Promise<Election> {
    const m = em ?? this.dataSource.manager;
    const election = await m.findOne(Election, {
      where: { id: electionId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!election) throw notFound('ELECTION_NOT_FOUND', 'No such election');
    return election;
  }

  member(user: AuthUser, electionId: string, em?: EntityManager, lock = false): Promise<ElectionAccess> {
    return this.check(user, electionId, em, lock, (e) => this.associations.member(user, e.associationId, em));
  }

  committee(user: AuthUser, electionId: string, em?: EntityManager, lock = false): Promise<ElectionAccess> {
    return this.check(user, electionId, em, lock, (e) =>
      this.associations.committee(user, e.associationId, em),
    );
  }

  /** The association's own admins (certifying the results): not a global admin who is not one. */
  admin(user: AuthUser, electionId: string, em?: EntityManager, lock = false): Promise<ElectionAccess> {
    return this.check(user, electionId, em, lock, (e) =>
      this.associations.electionAdmin(user, e.associationId, em),
    );
  }

  private async check(
    user: AuthUser,
    electionId: string,
    em: EntityManager | undefined,
    lock: boolean,
    rule: (e: Election) => Promise<AssociationAccess>,
  ): Promise<ElectionAccess> {
    const election = await this.load(electionId, em, lock);
    try {
      return { election, ...(await rule(election)) };
    } catch (err) {
      // A non-member must not learn that the election exists.
      if (err instanceof DomainError && err.code === 'ASSOCIATION_NOT_FOUND') {
        throw notFound('ELECTION_NOT_FOUND', 'No such election');
      }
      throw err;
    }
  }
}
