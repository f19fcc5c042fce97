import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { User } from '../org/entities/user.entity.js';
import { OrgService } from '../org/org.service.js';
import { preparedQuery } from '../database/prepared-query.js';
import {
  currentPostTitles,
  DELEGATE,
  delegateOf,
  postOf,
  type PostRow,
  type PostTitles,
  postTitles,
  SENIOR_FIRST,
} from './approver-posts.js';
import type { RoutingNote } from './entities/approval-stage.entity.js';
import type { TaskOrigin } from './entities/approval-task.entity.js';
import type { Document } from './entities/document.entity.js';
import type { ApproverSpec } from './entities/workflow-template.entity.js';

export interface Slot extends PostTitles {
  approverId: string;
  origin: TaskOrigin;
  /** The approver's active delegate when it was read with the approver (undefined: not read yet). */
  delegateId?: string | null;
}

/** One approver spec resolved: who holds it besides the submitter, and where its post sits. */
export interface Resolution {
  slots: Slot[];
  /** The submitter is (one of) the approver(s) the spec names today, and was left out. */
  submitterSkipped: boolean;
  /** For a post (by unit or relative): its unit and kind, where the next in line is looked for. */
  post: { unitId: string; kind: 'head' | 'deputy' } | null;
}

/** A task a stage's activation would create. */
export interface PlannedTask extends PostTitles {
  assigneeId: string;
  actingForId: string | null;
  origin: TaskOrigin;
}

/** How a stage routes today: its tasks, why (notes, as stored in `routingNotes`) and whether it is blocked. */
export interface StagePlan {
  tasks: PlannedTask[];
  notes: RoutingNote[];
  blocked: boolean;
}

/**
 * How a stage routes today, without writing anything: who its approvers are, where delegation sends
 * their tasks, and what happens when a post is vacant or held by the submitter. Activation and the
 * route preview share it.
 */
@Injectable()
export class StagePlanService {
  constructor(private readonly org: OrgService) {}

  /**
   * Resolves one approver spec to users (active ones), with the post that made them approvers.
   * The submitter never approves their own document: they are left out (`submitterSkipped`), and
   * `plan` passes the spec to the next in line.
   */
  async resolve(em: EntityManager, spec: ApproverSpec, doc: Document, at: Date): Promise<Resolution> {
    let unitId: string | null;
    let kind: 'head' | 'deputy' = 'head';
    if ('userId' in spec) {
      // The user, their most senior current post and their delegate in one query (users and posts
      // through the org module's views: only id and status are read of the user).
      const [user] = await preparedQuery<
        { id: string; status: string; delegate_id: string | null } & PostRow
      >(
        em,
        'approvals_resolve_user',
        `SELECT u.id, u.status, p.title, p.title_km, (${DELEGATE.replace('$1', 'u.id')}) AS delegate_id
         FROM org_people u
         LEFT JOIN LATERAL (
           SELECT title, title_km FROM org_current_posts
           WHERE user_id = u.id ORDER BY ${SENIOR_FIRST} LIMIT 1
         ) p ON true
         WHERE u.id = $1`,
        [spec.userId, at, doc.documentType],
      );
      if (!user || user.status === 'disabled') return { slots: [], submitterSkipped: false, post: null };
      if (user.id === doc.submitterId) return { slots: [], submitterSkipped: true, post: null };
      const slot: Slot = {
        approverId: user.id,
        origin: 'approver',
        ...postTitles(user),
        delegateId: user.delegate_id,
      };
      return { slots: [slot], submitterSkipped: false, post: null };
    }
    if ('orgUnitId' in spec) {
      unitId = spec.orgUnitId;
      kind = spec.post;
    } else {
      const own = (await this.org.unitOfUser(doc.submitterId, em)) ?? doc.orgUnitId;
      unitId = spec.relative === 'submitter_unit_head' ? own : await this.org.parentUnitId(own, em);
    }
    if (!unitId) return { slots: [], submitterSkipped: false, post: null };
    const holders = await this.org.currentHolders(em, unitId, kind, at);
    return {
      slots: await this.slotsOf(
        em,
        holders.filter((u) => u.id !== doc.submitterId),
        unitId,
        kind,
        'approver',
      ),
      submitterSkipped: holders.some((u) => u.id === doc.submitterId),
      post: { unitId, kind },
    };
  }

  private async slotsOf(
    em: EntityManager,
    users: User[],
    unitId: string,
    kind: string,
    origin: TaskOrigin,
  ): Promise<Slot[]> {
    const out: Slot[] = [];
    for (const u of users) {
      out.push({ approverId: u.id, origin, ...postTitles(await postOf(em, u.id, unitId, kind)) });
    }
    return out;
  }

  /**
   * The next in line above a post: for a deputy, the head of its unit; then the head of the nearest
   * unit above it that has one (other than the submitter). Empty when there is none.
   */
  async superiorOf(
    em: EntityManager,
    post: { unitId: string; kind: 'head' | 'deputy' },
    submitterId: string,
    at: Date,
  ): Promise<{ unitId: string; slots: Slot[] } | null> {
    const above = await this.org.ancestorUnitIds(post.unitId, em);
    const chain = post.kind === 'deputy' ? [post.unitId, ...above] : above;
    for (const unitId of chain) {
      const heads = (await this.org.currentHolders(em, unitId, 'head', at)).filter(
        (u) => u.id !== submitterId,
      );
      if (heads.length)
        return { unitId, slots: await this.slotsOf(em, heads, unitId, 'head', 'next_in_line') };
    }
    return null;
  }

  /**
   * How a stage routes today, without writing anything (activation and the route preview share it).
   * Per approver spec: its holders other than the submitter; when there are none, the stage's
   * escalation target (unless it is the submitter); when the submitter was the one in line (they hold
   * the post, or they are the escalation target) and the spec is a post, the head above it
   * (`superiorOf`); otherwise nobody, and the stage is blocked. Then delegation: an approver's active
   * delegate takes the task acting for them, except when the delegate is the submitter or approved
   * an earlier stage of the request (`approvedEarlier`): the approver keeps it, so that nobody signs
   * a document twice, once as themselves and once acting for another. Every skip of the submitter is
   * recorded in the notes, with `skippedUserId`; a delegate passed over, with `delegateId`.
   */
  async plan(
    em: EntityManager,
    stage: { approvers: ApproverSpec[]; escalateToUserId: string | null },
    doc: Document,
    at: Date,
    approvedEarlier: ReadonlySet<string> = new Set(),
  ): Promise<StagePlan> {
    const submitterId = doc.submitterId;
    const notes: RoutingNote[] = [];
    const slots: { slot: Slot; spec: ApproverSpec }[] = [];
    const escalation = stage.escalateToUserId
      ? await this.org.findUserById(stage.escalateToUserId, em)
      : null;
    const escalationUsable = !!escalation && escalation.status !== 'disabled';
    const escalationIsSubmitter = escalationUsable && escalation.id === submitterId;
    const skipped = { skippedUserId: submitterId };
    let blocked = false;
    for (const spec of stage.approvers) {
      const r = await this.resolve(em, spec, doc, at);
      if (r.slots.length) {
        slots.push(...r.slots.map((slot) => ({ slot, spec })));
        notes.push({ approver: spec, outcome: 'resolved', ...(r.submitterSkipped ? skipped : {}) });
        continue;
      }
      if (escalationUsable && !escalationIsSubmitter) {
        slots.push({
          spec,
          slot: {
            approverId: escalation.id,
            origin: 'vacancy_escalation',
            ...(await currentPostTitles(em, escalation.id)),
          },
        });
        notes.push(
          r.submitterSkipped
            ? {
                approver: spec,
                outcome: 'submitter_skipped_routed_to_escalation',
                userId: escalation.id,
                ...skipped,
              }
            : { approver: spec, outcome: 'vacant_routed_to_escalation', userId: escalation.id },
        );
        continue;
      }
      if (r.submitterSkipped || escalationIsSubmitter) {
        const superior = r.post ? await this.superiorOf(em, r.post, submitterId, at) : null;
        if (superior) {
          slots.push(...superior.slots.map((slot) => ({ slot, spec })));
          for (const s of superior.slots) {
            notes.push({
              approver: spec,
              outcome: 'submitter_skipped_routed_to_superior',
              userId: s.approverId,
              unitId: superior.unitId,
              ...skipped,
            });
          }
        } else {
          notes.push({ approver: spec, outcome: 'submitter_skipped_no_one', ...skipped });
          blocked = true;
        }
        continue;
      }
      notes.push({ approver: spec, outcome: 'vacant_no_escalation' });
      blocked = true;
    }
    // One slot per approver, even when two specs name the same person.
    const unique = [...new Map(slots.map((s) => [s.slot.approverId, s])).values()];
    const tasks: PlannedTask[] = [];
    for (const { slot, spec } of unique) {
      const delegate =
        slot.delegateId !== undefined
          ? slot.delegateId
          : await delegateOf(em, slot.approverId, doc.documentType, at);
      const delegated = !!delegate && delegate !== submitterId && !approvedEarlier.has(delegate);
      if (delegate && delegate === submitterId) {
        notes.push({ approver: spec, outcome: 'delegate_is_submitter', userId: slot.approverId, ...skipped });
      } else if (delegate && !delegated) {
        notes.push({
          approver: spec,
          outcome: 'delegate_approved_earlier',
          userId: slot.approverId,
          delegateId: delegate,
        });
      }
      tasks.push({
        assigneeId: delegated ? delegate : slot.approverId,
        actingForId: delegated ? slot.approverId : null,
        origin: slot.origin,
        postTitle: slot.postTitle,
        postTitleKm: slot.postTitleKm,
      });
    }
    return { tasks, notes, blocked: blocked || tasks.length === 0 };
  }
}
