import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error.js';
import type { JobContext, JobPayloads } from '../../queue/jobs.js';
import { OnJob } from '../../queue/on-job.decorator.js';
import { ElectionsService } from '../elections.service.js';
import { Election } from '../entities/election.entity.js';

/**
 * The scheduled steps of an election. Each re-reads the election (locked) and does nothing when
 * the step is done already, or when the time it was queued for is no longer the election's time
 * (the committee moved it: a newer job carries the new time).
 */
@Injectable()
export class ElectionJobs {
  private readonly logger = new Logger(ElectionJobs.name);

  constructor(private readonly elections: ElectionsService) {}

  @OnJob('elections.open_nominations')
  async openNominations(p: JobPayloads['elections.open_nominations'], { em }: JobContext): Promise<void> {
    const e = await this.lock(em, p.electionId);
    if (!e || e.status !== 'draft' || e.nominationsOpenAt?.toISOString() !== p.at) return;
    await this.elections.doOpenNominations(em, e, null);
  }

  @OnJob('elections.open_voting')
  async openVoting(p: JobPayloads['elections.open_voting'], { em }: JobContext): Promise<void> {
    const e = await this.lock(em, p.electionId);
    if (!e || !['draft', 'nominations'].includes(e.status) || e.votingOpensAt.toISOString() !== p.at) return;
    try {
      await this.elections.doOpenVoting(em, e, null);
    } catch (err) {
      // Not openable as it stands (no candidates, closing time passed): the committee must act.
      if (err instanceof DomainError) {
        this.logger.warn(`election ${e.id} not opened at its scheduled time: ${err.code}`);
        return;
      }
      throw err;
    }
  }

  @OnJob('elections.close_voting')
  async closeVoting(p: JobPayloads['elections.close_voting'], { em }: JobContext): Promise<void> {
    const e = await this.lock(em, p.electionId);
    if (!e || e.status !== 'voting' || e.votingClosesAt.toISOString() !== p.at) return;
    await this.elections.doCloseVoting(em, e, null);
  }

  @OnJob('elections.tally')
  async tally(p: JobPayloads['elections.tally'], { em }: JobContext): Promise<void> {
    await this.elections.tally(em, p.electionId);
  }

  private lock(em: EntityManager, id: string): Promise<Election | null> {
    return em.findOne(Election, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }
}
