import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call, text } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useHydrated } from '../../components/hydrated';
import { Field } from '../../components/Field';
import { LengthHint } from '../../components/LengthHint';
import { Loading } from '../../components/Loading';
import { displayName } from '../../components/names';
import { useFormat } from '../../i18n/format';
import { Outcome, useOutcome } from '../../components/Outcome';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import {
  type Election,
  type ElectionTemplate,
  type Results,
  electionKey,
  getResults,
  newElectionFrom,
} from './api';
import { useCount } from './counts';
import { useTellApart } from './tell-apart';
import { ministryFieldValue, ministryInstant, minuteAfter } from '../../i18n/khmer-format';

type Action = 'open-nominations' | 'open-voting' | 'close-voting' | 'cancel' | 'tie-break' | 'certify';

/**
 * The election's lifecycle for its committee (and certification for the association's admins).
 * Every step asks first, in a dialog named by its question: none can be taken back.
 */
export function AdminControls({ election: e, mayCertify }: { election: Election; mayCertify: boolean }) {
  // Rendered by the server first: its buttons wait for the app (src/entry-server.tsx).
  const hydrated = useHydrated();
  const { t } = useTranslation('elections');
  const format = useFormat();
  const count = useCount();
  const client = useQueryClient();
  const [asking, setAsking] = useState<Action | null>(null);
  // The step's button may go with the step (Open voting, once open): its result is said, with focus.
  const [done, say, unsay] = useOutcome<Action>();
  const results = useQuery({
    queryKey: [...electionKey(e.id), 'results', e.status],
    queryFn: () => getResults(e.id),
    enabled: e.resultsAvailable,
  });
  const act = useMutation({
    mutationFn: async (action: Action) => {
      const path = { params: { path: { id: e.id } } };
      switch (action) {
        case 'open-nominations':
          return call(api.POST('/api/v1/elections/{id}/open-nominations', path));
        case 'open-voting':
          return call(api.POST('/api/v1/elections/{id}/open-voting', path));
        case 'close-voting':
          return call(api.POST('/api/v1/elections/{id}/close-voting', path));
        case 'cancel':
          return call(api.POST('/api/v1/elections/{id}/cancel', path));
        case 'tie-break':
          return call(api.POST('/api/v1/elections/{id}/tie-break', { ...path, body: { method: 'lot' } }));
        case 'certify':
          // Confirms the board size change the dialog has just shown (the server refuses it unconfirmed).
          return call(
            api.POST('/api/v1/elections/{id}/certify', {
              ...path,
              body: e.boardSizeChange ? { confirmBoardSizeChange: true } : {},
            }),
          );
      }
    },
    onSuccess: async (_r, action) => {
      setAsking(null);
      say(action);
      await client.invalidateQueries({ queryKey: electionKey(e.id) });
      await client.invalidateQueries({ queryKey: ['associations'] });
      await client.invalidateQueries({ queryKey: ['elections'] });
    },
    onError: () => setAsking(null),
  });
  const r = results.data;
  const tieWaits = !!r && !!r.tie && !r.final;
  const buttons: [Action, string][] = [];
  if (e.status === 'draft') buttons.push(['open-nominations', t('admin.openNominations')]);
  if (e.status === 'draft' || e.status === 'nominations')
    buttons.push(['open-voting', t('admin.openVoting')]);
  if (e.status === 'voting') buttons.push(['close-voting', t('admin.closeVoting')]);
  if (e.status === 'closed' && tieWaits && e.tieBreak === 'lot')
    buttons.push(['tie-break', t('admin.tieBreak')]);
  if (e.status === 'closed' && mayCertify && r && r.final && r.quorumMet) {
    buttons.push(['certify', t('admin.certify')]);
  }
  // A closed election cannot be cancelled (its result stays published).
  const mayCancel = e.status === 'draft' || e.status === 'nominations' || e.status === 'voting';
  const active = e.candidates.filter((c) => c.status === 'active').length;
  const change = e.boardSizeChange;
  const sizeNote = change
    ? t('boardSize.note', {
        term: format.number(e.termNumber),
        boardSeats: count('boardSeats', change.boardSeats),
        seats: count('seats', change.seats),
        elected: count('people', change.seats),
      })
    : '';
  const showsSizeNote = !!sizeNote && e.status !== 'certified' && e.status !== 'cancelled';
  const quorumMissed = e.status === 'closed' && !!r && !r.quorumMet;
  const editable = e.status === 'draft' || e.status === 'nominations' || e.status === 'voting';
  // Nothing left to run (certified, or a closed result only the admin certifies): no panel, rather
  // than a heading alone; what was just done stays said.
  if (!buttons.length && !mayCancel && !showsSizeNote && !quorumMissed && !editable && !done && !act.error) {
    return null;
  }
  return (
    <section className="panel no-print" aria-labelledby="admin-title">
      <h2 id="admin-title">{t('admin.title')}</h2>
      {showsSizeNote ? <p className="alert alert-info">{sizeNote}</p> : null}
      {quorumMissed && r ? <QuorumMissed election={e} results={r} /> : null}
      <div className="row">
        {buttons.map(([action, label]) => (
          <button
            key={action}
            type="button"
            className="button-primary"
            disabled={!hydrated || act.isPending}
            onClick={() => {
              unsay();
              setAsking(action);
            }}
          >
            {label}
          </button>
        ))}
        {mayCancel ? (
          <button
            type="button"
            className="button-danger"
            disabled={!hydrated}
            onClick={() => setAsking('cancel')}
          >
            {t('admin.cancel')}
          </button>
        ) : null}
      </div>
      <ConfirmDialog
        open={asking !== null}
        title={asking ? t(`admin.ask.${asking}.title`) : ''}
        confirmLabel={asking ? t(`admin.ask.${asking}.confirm`) : ''}
        danger={asking === 'cancel'}
        busy={act.isPending}
        onConfirm={() => asking && act.mutate(asking)}
        onCancel={() => setAsking(null)}
      >
        {asking === 'certify' && sizeNote ? <p>{sizeNote}</p> : null}
        {asking ? (
          <p>
            {t(`admin.ask.${asking}.text`, {
              candidates: count('candidates', active),
              seats: count('seats', e.seats),
            })}
          </p>
        ) : null}
      </ConfirmDialog>
      <Outcome said={done}>{done ? t(`admin.done.${done.key}`) : null}</Outcome>
      <ErrorMessage error={act.error} />
      {e.status === 'draft' || e.status === 'nominations' ? (
        <>
          <CandidatesEditor election={e} />
          <ScheduleEditor election={e} />
        </>
      ) : null}
      {e.status === 'voting' ? <ScheduleEditor election={e} /> : null}
    </section>
  );
}

/**
 * After a missed quorum: nobody is elected, the election stays closed (it cannot be cancelled or
 * reopened), and the way on is a new election for the same term, its form filled in from this one.
 */
function QuorumMissed({ election: e, results: r }: { election: Election; results: Results }) {
  const { t } = useTranslation('elections');
  const format = useFormat();
  const percent = (n: number) => format.number(Math.round(n * 10) / 10);
  const term = format.number(e.termNumber);
  const template: ElectionTemplate = {
    termId: e.termId,
    title: e.title,
    titleKm: e.titleKm,
    seats: e.seats,
    maxChoices: e.maxChoices,
    eligibleStatuses: e.eligibleStatuses,
    quorumPercent: e.quorumPercent,
    tieBreak: e.tieBreak,
  };
  return (
    <div className="alert alert-info" role="region" aria-labelledby="quorum-missed-title">
      <h3 id="quorum-missed-title">{t('admin.quorumMissed.title')}</h3>
      <p>
        {t('admin.quorumMissed.text', {
          turnout: percent(r.turnoutPercent),
          quorum: percent(r.quorumPercent ?? 0),
        })}
      </p>
      <p>{t('admin.quorumMissed.next', { term })}</p>
      <Link
        className="button button-primary"
        to={`/associations/${e.associationId}`}
        state={newElectionFrom(template)}
      >
        {t('admin.quorumMissed.newElection', { term })}
      </Link>
    </div>
  );
}

/** A candidate's statement, as long as the server keeps (src/elections/dto/election.dto.ts). */
const STATEMENT_MAX = 5000;

/** Before voting opens: add a member as a candidate (with their statement), or withdraw one. */
function CandidatesEditor({ election: e }: { election: Election }) {
  // Rendered by the server first: its buttons wait for the app (src/entry-server.tsx).
  const hydrated = useHydrated();
  const { t, i18n } = useTranslation('elections');
  const client = useQueryClient();
  const memberId = useId();
  const statementId = useId();
  const [userId, setUserId] = useState('');
  const [statement, setStatement] = useState('');
  const [find, setFind] = useState('');
  const tellApart = useTellApart(e.associationId, e.candidates);
  const members = useQuery({
    queryKey: ['association', e.associationId, 'members', 'candidates', find.trim()],
    queryFn: () =>
      call(
        api.GET('/api/v1/associations/{id}/members', {
          params: {
            path: { id: e.associationId },
            query: { limit: 200, ...(find.trim() ? { search: find.trim() } : {}) },
          },
        }),
      ),
  });
  const standing = new Set(e.candidates.filter((c) => c.status === 'active').map((c) => c.userId));
  const choices =
    members.data?.items.filter((m) => e.eligibleStatuses.includes(m.status) && !standing.has(m.userId)) ?? [];
  const add = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/elections/{id}/candidates', {
          params: { path: { id: e.id } },
          body: { userId, ...(statement.trim() ? { statement: statement.trim() } : {}) },
        }),
      ),
    onSuccess: async () => {
      setUserId('');
      setStatement('');
      await client.invalidateQueries({ queryKey: electionKey(e.id) });
    },
  });
  const withdraw = useMutation({
    mutationFn: (candidateId: string) =>
      call(
        api.POST('/api/v1/elections/{id}/candidates/{candidateId}/withdraw', {
          params: { path: { id: e.id, candidateId } },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: electionKey(e.id) }),
  });
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    if (userId) add.mutate();
  };
  return (
    <div>
      <h3>{t('candidates.manage')}</h3>
      <p className="muted">{t('candidates.orderNote')}</p>
      <ul className="item-list">
        {/* Withdrawn ones stay listed, marked: this is the page's only list of candidates here. */}
        {e.candidates.map((c) => (
          <li key={c.id}>
            <span className="item-title">{displayName(c, i18n.language)}</span>
            {/* Two of the same name: which is which, before one is withdrawn by mistake. */}
            {tellApart(c.userId) ? <span className="person-marks">{tellApart(c.userId)}</span> : null}
            {text(c.statement) ? <p className="muted">{text(c.statement)}</p> : null}
            {c.status === 'withdrawn' ? (
              <span className="muted">{t('candidates.withdrawn')}</span>
            ) : (
              <button
                type="button"
                disabled={!hydrated || withdraw.isPending}
                onClick={() => withdraw.mutate(c.id)}
              >
                {t('candidates.withdraw', {
                  name: `${displayName(c, i18n.language)}${tellApart(c.userId) ? ` (${tellApart(c.userId)})` : ''}`,
                })}
              </button>
            )}
          </li>
        ))}
      </ul>
      <ErrorMessage error={withdraw.error} />
      <form className="form" onSubmit={submit} aria-label={t('candidates.add')}>
        <Field label={t('candidates.find')} type="search" value={find} onChange={setFind} />
        <div className="field">
          <label htmlFor={memberId}>{t('candidates.member')}</label>
          <select id={memberId} value={userId} onChange={(ev) => setUserId(ev.target.value)}>
            <option value="">{t('candidates.choose')}</option>
            {choices.map((m) => (
              <option key={m.userId} value={m.userId}>
                {displayName(m, i18n.language)} ({m.username})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={statementId}>{t('candidates.statement')}</label>
          <textarea
            id={statementId}
            rows={3}
            maxLength={STATEMENT_MAX}
            value={statement}
            onChange={(ev) => setStatement(ev.target.value)}
            aria-describedby={`${statementId}-help ${statementId}-length`}
          />
          <span id={`${statementId}-help`} className="muted">
            {t('candidates.statementHelp')}
          </span>
          <LengthHint id={`${statementId}-length`} length={statement.length} max={STATEMENT_MAX} />
        </div>
        <ErrorMessage error={add.error} />
        <button type="submit" className="button-primary" disabled={!hydrated || !userId || add.isPending}>
          {t('candidates.add')}
        </button>
      </form>
    </div>
  );
}

/** The scheduled opening (before voting opens) and closing (until it closes); the queue keeps them. */
function ScheduleEditor({ election: e }: { election: Election }) {
  // Rendered by the server first: its buttons wait for the app (src/entry-server.tsx).
  const hydrated = useHydrated();
  const { t } = useTranslation('elections');
  const client = useQueryClient();
  const [opens, setOpens] = useState(ministryFieldValue(e.votingOpensAt));
  const [closes, setCloses] = useState(ministryFieldValue(e.votingClosesAt));
  const [saved, setSaved] = useState(false);
  const beforeVoting = e.status === 'draft' || e.status === 'nominations';
  const save = useMutation({
    mutationFn: () =>
      call(
        api.PATCH('/api/v1/elections/{id}', {
          params: { path: { id: e.id } },
          body: {
            ...(beforeVoting && opens !== ministryFieldValue(e.votingOpensAt)
              ? { votingOpensAt: ministryInstant(opens) }
              : {}),
            ...(closes !== ministryFieldValue(e.votingClosesAt)
              ? { votingClosesAt: ministryInstant(closes) }
              : {}),
          },
        }),
      ),
    onSuccess: async () => {
      setSaved(true);
      await client.invalidateQueries({ queryKey: electionKey(e.id) });
    },
  });
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    setSaved(false);
    save.mutate();
  };
  return (
    <form className="form" onSubmit={submit} aria-label={t('schedule.title')}>
      <h3>{t('schedule.title')}</h3>
      <p className="muted">{t('schedule.help')}</p>
      <div className="field-row">
        {beforeVoting ? (
          <Field
            label={t('schedule.opens')}
            type="datetime-local"
            required
            value={opens}
            onChange={setOpens}
          />
        ) : null}
        <Field
          label={t('schedule.closes')}
          type="datetime-local"
          required
          // Not before it opens: the browser says so, in the page's language (not the server's generic refusal).
          min={beforeVoting && opens ? minuteAfter(opens) : undefined}
          value={closes}
          onChange={setCloses}
        />
      </div>
      <ErrorMessage error={save.error} />
      <button type="submit" disabled={!hydrated || save.isPending}>
        {t('schedule.save')}
      </button>
      <p role="status">{saved ? t('schedule.saved') : ''}</p>
    </form>
  );
}

/** The roles a board member may hold (src/associations/entities/board-member.entity.ts). */
const BOARD_ROLES = ['president', 'vice_president', 'treasurer', 'secretary', 'member'] as const;
type BoardRole = (typeof BOARD_ROLES)[number];

/** The board of the term, installed by certification: seats with roles, then substitutes. */
export function Board({
  associationId,
  termId,
  mayAssignRoles = false,
}: {
  associationId: string;
  termId: string;
  /** The association's admins give the board's members their roles (president, treasurer...). */
  mayAssignRoles?: boolean;
}) {
  const { t, i18n } = useTranslation('elections');
  const format = useFormat();
  const client = useQueryClient();
  const boardKey = ['association', associationId, 'board', termId];
  const substitutesTitle = useId();
  const board = useQuery({
    queryKey: boardKey,
    queryFn: () =>
      call(
        api.GET('/api/v1/associations/{id}/terms/{termId}/board', {
          params: { path: { id: associationId, termId } },
        }),
      ),
  });
  const assign = useMutation({
    mutationFn: (v: { userId: string; name: string; role: BoardRole }) =>
      call(
        api.PUT('/api/v1/associations/{id}/terms/{termId}/board/{userId}/role', {
          params: { path: { id: associationId, termId, userId: v.userId } },
          body: { role: v.role },
        }),
      ),
    onSuccess: (data) => client.setQueryData(boardKey, data),
    // Taken meanwhile (another admin's tab): the board is read again, so the holder can be named.
    onError: () => client.invalidateQueries({ queryKey: boardKey }),
  });
  // A role another member holds is refused beside the row, naming the holder (the select goes back).
  const [refused, setRefused] = useState<{
    userId: string;
    holder: string;
    name: string;
    role: BoardRole;
  } | null>(null);
  const choose = (userId: string, name: string, role: BoardRole) => {
    const holder =
      role === 'member' ? undefined : board.data?.members.find((x) => x.role === role && x.userId !== userId);
    if (holder) {
      assign.reset();
      setRefused({ userId, holder: displayName(holder, i18n.language), name, role });
      return;
    }
    setRefused(null);
    assign.mutate({ userId, name, role });
  };
  return (
    <section className="panel" aria-labelledby="board-title">
      <h2 id="board-title">{t('board.title')}</h2>
      {board.isPending ? (
        <Loading />
      ) : board.isError ? (
        <ErrorMessage error={board.error} />
      ) : (
        <>
          <p className="muted">{t('board.term', { n: format.number(board.data.term.number) })}</p>
          {board.data.members.length === 0 ? <p role="status">{t('board.none')}</p> : null}
          <ul className="item-list">
            {board.data.members.map((m) => {
              const name = displayName(m, i18n.language);
              const failed = assign.isError && assign.variables.userId === m.userId;
              return (
                <li key={m.userId} className="board-row">
                  <span className="item-title">{name}</span>
                  {mayAssignRoles ? (
                    <select
                      aria-label={t('board.roleOf', { name })}
                      value={m.role}
                      disabled={assign.isPending}
                      onChange={(e) => choose(m.userId, name, e.target.value as BoardRole)}
                    >
                      {BOARD_ROLES.map((r) => (
                        <option key={r} value={r}>
                          {t(`board.roles.${r}`)}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <span className="item-meta">{t(`board.roles.${m.role}`)}</span>
                  )}
                  {refused?.userId === m.userId ? (
                    <RowAlert>
                      {t('board.roleTaken', {
                        holder: refused.holder,
                        name: refused.name,
                        role: t(`board.roles.${refused.role}`),
                      })}
                    </RowAlert>
                  ) : failed ? (
                    <ErrorMessage error={assign.error} />
                  ) : null}
                </li>
              );
            })}
          </ul>
          {mayAssignRoles ? (
            <>
              <p role="status">
                {assign.isSuccess
                  ? t('board.roleSaved', {
                      name: assign.variables.name,
                      role: t(`board.roles.${assign.variables.role}`),
                    })
                  : ''}
              </p>
            </>
          ) : null}
          {board.data.substitutes.length ? (
            <>
              <h3 id={substitutesTitle}>{t('board.substitutes')}</h3>
              {/* Numbered as the results number them ('1. name'): their order is who steps in first. */}
              <ol className="item-list" aria-labelledby={substitutesTitle}>
                {board.data.substitutes.map((m, i) => (
                  <li key={m.userId}>
                    {format.number(m.substituteRank ?? i + 1)}. {displayName(m, i18n.language)}
                  </li>
                ))}
              </ol>
            </>
          ) : null}
        </>
      )}
    </section>
  );
}

/** A refusal said beside its row, at once, and brought into view. */
function RowAlert({ children }: { children: string }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => ref.current?.scrollIntoView?.({ block: 'nearest' }), [children]);
  return (
    <p ref={ref} className="alert alert-error" role="alert">
      {children}
    </p>
  );
}
