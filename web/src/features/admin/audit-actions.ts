import type { Schemas } from '../../api/client';
import type { paths } from '../../api/schema';

/** A kind of audit entry, as the API's `action` filter lists them (src/audit/audit-actions.ts). */
export type AuditAction = NonNullable<
  NonNullable<paths['/api/v1/audit']['get']['parameters']['query']>['action']
>;

/** The part of the ministry's work a kind of entry belongs to: the "Kind" list's groups. */
export type AuditArea = 'accounts' | 'organisation' | 'documents' | 'meetings' | 'groups' | 'elections';

/**
 * Every kind of entry and its area. The compiler fails when the API adds a kind this does not
 * name, and a test (admin-words.test.ts) that a kind has no words in either language.
 */
export const AUDIT_ACTION_AREAS: Record<AuditAction, AuditArea> = {
  'auth.login_failed': 'accounts',
  'auth.password_changed': 'accounts',
  'auth.password_change_failed': 'accounts',
  'auth.refresh_token_grace': 'accounts',
  'auth.refresh_token_reused': 'accounts',
  'user.created': 'accounts',
  'user.updated': 'accounts',
  'telegram.linked': 'accounts',
  'telegram.unlinked': 'accounts',
  'telegram.blocked': 'accounts',
  'org_unit.created': 'organisation',
  'org_post.created': 'organisation',
  'org_post.ended': 'organisation',
  'workflow.saved': 'documents',
  'delegation.created': 'documents',
  'delegation.revoked': 'documents',
  'document.created': 'documents',
  'document.version_added': 'documents',
  'document.submitted': 'documents',
  'document.resubmitted': 'documents',
  'document.withdrawn': 'documents',
  'document.approved': 'documents',
  'document.revoked': 'documents',
  'document.signed_copy_made': 'documents',
  'approval.blocked': 'documents',
  'approval.routed_by_admin': 'documents',
  'stage.activated': 'documents',
  'stage.approved': 'documents',
  'task.approved': 'documents',
  'task.rejected': 'documents',
  'task.returned': 'documents',
  'task.recalled': 'documents',
  'task.reassigned': 'documents',
  'task.taken_back': 'documents',
  'task.reminded': 'documents',
  'task.escalated': 'documents',
  'meeting.scheduled': 'meetings',
  'meeting.rescheduled': 'meetings',
  'meeting.cancelled': 'meetings',
  'meeting.attendance_recorded': 'meetings',
  'meeting.apology_sent': 'meetings',
  'meeting.apology_withdrawn': 'meetings',
  'meeting.attachment_added': 'meetings',
  'minutes.saved': 'meetings',
  'minutes.submitted': 'meetings',
  'minutes.approved': 'meetings',
  'minutes.rejected': 'meetings',
  'minutes.returned': 'meetings',
  'minutes.withdrawn': 'meetings',
  'erratum.submitted': 'meetings',
  'erratum.approved': 'meetings',
  'erratum.rejected': 'meetings',
  'action_item.updated': 'meetings',
  'working_group.created': 'groups',
  'working_group.member_added': 'groups',
  'progress_report.created': 'groups',
  'request.raised': 'groups',
  'request.answered': 'groups',
  'association.created': 'elections',
  'association.term_created': 'elections',
  'association.member_added': 'elections',
  'association.member_updated': 'elections',
  'association.members_imported': 'elections',
  'association.board_role_set': 'elections',
  'election.created': 'elections',
  'election.updated': 'elections',
  'election.cancelled': 'elections',
  'election.nominations_opened': 'elections',
  'election.candidate_nominated': 'elections',
  'election.candidate_withdrawn': 'elections',
  'election.voting_opened': 'elections',
  'election.vote_cast': 'elections',
  'election.voting_closed': 'elections',
  'election.tallied': 'elections',
  'election.tie_broken': 'elections',
  'election.runoff_called': 'elections',
  'election.certified': 'elections',
};

export const AUDIT_AREAS: AuditArea[] = [
  'accounts',
  'organisation',
  'documents',
  'meetings',
  'groups',
  'elections',
];

/** The page an entry's stream is about (`document:<id>`, `meeting:<id>`...), when the app has one. */
export function auditSubjectPath(
  stream: string,
): { kind: 'document' | 'meeting' | 'election' | 'group'; path: string } | null {
  const [type, id] = stream.split(':');
  if (!id) return null;
  switch (type) {
    case 'document':
      return { kind: 'document', path: `/documents/${id}` };
    case 'meeting':
      return { kind: 'meeting', path: `/meetings/${id}` };
    case 'election':
      return { kind: 'election', path: `/elections/${id}` };
    case 'working_group':
      return { kind: 'group', path: `/groups/${id}` };
    default:
      return null;
  }
}

type AuditEntry = Schemas['AuditEntryDto'];
export type VoteRun = { votes: [AuditEntry, ...AuditEntry[]] };

/**
 * The entries as listed: a run of ballots cast in one election, one after another (an election's
 * voting fills the log with them), becomes one line; every other entry stands alone.
 */
export function groupVotes(entries: AuditEntry[]): (AuditEntry | VoteRun)[] {
  const rows: (AuditEntry | VoteRun)[] = [];
  const electionOf = (e: AuditEntry) => (e.action === 'election.vote_cast' ? e.stream.split(':')[1] : null);
  for (const e of entries) {
    const last = rows.at(-1);
    const election = electionOf(e);
    if (election && last && 'votes' in last && electionOf(last.votes[0]) === election) last.votes.push(e);
    else rows.push(election ? { votes: [e] } : e);
  }
  return rows;
}

/**
 * The words an entry is titled with (a key under `activity.action`): its kind's, or, for a kind
 * that records several things, what this entry records, so that a password reset and a disabled
 * account do not both read "Account changed".
 */
export function entryTitle(e: Pick<Schemas['AuditEntryDto'], 'action' | 'data'>): string {
  if (e.action === 'user.updated') {
    if (e.data.passwordReset === true) return 'user.password_reset';
    if (e.data.status === 'disabled') return 'user.disabled';
    if (e.data.status === 'active') return 'user.enabled';
  }
  if (e.action === 'auth.login_failed' && e.data.reason === 'account_disabled')
    return 'auth.login_refused_disabled';
  return e.action;
}
