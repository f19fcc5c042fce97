import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { type Schemas, ApiError, api, authFetch, call, postForm } from '../../api/client';
import { useSession } from '../../auth/session';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { FileLink } from '../../components/FileLink';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { StatusBadge, documentStatus } from '../../components/StatusBadge';
import { displayName } from '../../components/names';
import { ReturnedWhy } from './ReturnedWhy';
import { NotFoundPage } from '../errors/NotFoundPage';
import { useFormat } from '../../i18n/format';
import { useDocumentTypeName } from '../../components/documentTypes';
import { FileInput } from '../../components/FileInput';
import { sha256Hex } from '../../components/sha256';
import { Outcome, useOutcome } from '../../components/Outcome';
import { signingOff, stillSigning } from './signing';
import { useHydrated } from '../../components/hydrated';
import { readableCode } from '../verify/code';
import { Fact } from '../../components/Fact';
import { conditionFields, correctedMetadata } from './metadata-fields';
import { LengthHint } from '../../components/LengthHint';
import { useFocusBack } from '../../components/focusBack';
import { userQuery } from '../../components/userQuery';
import { refetchBeforeLinksExpire } from '../../api/signedLinks';

type Doc = Schemas['DocumentDto'];
type Task = Schemas['TaskDto'];
/** What the page's actions can have just done (documents.json `outcome`). */
type Done =
  | 'submitted'
  | 'approved'
  | 'returned'
  | 'rejected'
  | 'recalled'
  | 'withdrawn'
  | 'discarded'
  | 'resubmitted'
  | 'revoked';

/** The router state of the new document form's way here: the page says it was sent. */
export const JUST_SUBMITTED = { done: 'submitted' } as const;
type OnDone = (done: Done) => void;

const idempotent = () => ({ 'Idempotency-Key': crypto.randomUUID() });

export function DocumentPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('documents');
  const doc = useQuery({
    queryKey: ['document', id],
    queryFn: () => call(api.GET('/api/v1/documents/{id}', { params: { path: { id } } })),
    // The last approval is signed, and its signed copy made, in the background: look again until
    // both are; and, as every page, before its download links expire.
    refetchInterval: (query) =>
      stillSigning(query.state.data) ? 1500 : refetchBeforeLinksExpire(query.state.data),
  });
  if (doc.isPending) return <Loading />;
  if (doc.isError) {
    if (doc.error instanceof ApiError && (doc.error.status === 404 || doc.error.status === 400))
      return <NotFoundPage />;
    return (
      <Page title={t('detail.title')}>
        <ErrorMessage error={doc.error} />
      </Page>
    );
  }
  return <DocumentView key={doc.data.id} doc={doc.data} />;
}

function DocumentView({ doc }: { doc: Doc }) {
  const { t, i18n } = useTranslation('documents');
  const format = useFormat();
  const typeName = useDocumentTypeName();
  const session = useSession();
  const me = session.status === 'signedIn' ? session.user.id : '';
  const reference = doc.referenceNumber;
  const myTask = doc.stages
    .flatMap((s) => s.tasks)
    .find((task) => task.assigneeId === me && task.status === 'pending' && task.current);
  const isSubmitter = doc.submitterId === me;
  const holders = doc.stages
    .filter((s) => s.status === 'active')
    .flatMap((s) => s.tasks.filter((task) => task.status === 'pending'));
  // An action's panel goes with the action (a decided task has no decision left): its result is
  // said in its place, and focus goes there.
  const [done, say] = useOutcome<Done>();
  // Come from the new document form: said once (the state is dropped, so a reload does not say it again).
  const location = useLocation();
  const navigate = useNavigate();
  const submitted = (location.state as { done?: string } | null)?.done === JUST_SUBMITTED.done;
  useEffect(() => {
    if (!submitted) return;
    say('submitted');
    void navigate(location.pathname, { replace: true, state: null });
  }, [submitted, say, navigate, location.pathname]);

  return (
    <Page title={doc.title}>
      <dl className="facts">
        <Fact label={t('detail.reference')}>{reference ?? t('detail.noReference')}</Fact>
        <Fact label={t('detail.status')}>
          <StatusBadge status={documentStatus(doc)} />
        </Fact>
        <Fact label={t('detail.type')}>{typeName(doc.documentType)}</Fact>
        <Fact label={t('detail.submitter')}>{displayName(doc.submitter, i18n.language)}</Fact>
        <Fact label={t('detail.unit')}>{displayName(doc.issuingUnit, i18n.language)}</Fact>
        <Fact label={t('classification.label')}>{t(`classification.${doc.classification}`)}</Fact>
        {typeof doc.metadata.amount === 'number' ? (
          <Fact label={t('fields.amount')}>{format.number(doc.metadata.amount)}</Fact>
        ) : null}
        {holders.length && doc.status === 'in_review' ? (
          <Fact label={t('detail.heldBy')}>
            {holders
              .map((h) =>
                h.assigneeId === me ? t('detail.heldByYou') : displayName(h.assignee, i18n.language),
              )
              .join(', ')}
          </Fact>
        ) : null}
      </dl>

      {signingOff(doc) ? (
        <p className="alert alert-info" role="status">
          {t('detail.signing')}
        </p>
      ) : null}
      {doc.subject ? <SubjectPanel doc={doc} subject={doc.subject} deciding={!!myTask} /> : null}
      <Outcome said={done}>
        {done ? t(`outcome.${done.key}`) : null}
        {done && ['approved', 'returned', 'rejected'].includes(done.key) ? (
          <>
            {' '}
            <Link to="/inbox">{t('outcome.toInbox')}</Link>
          </>
        ) : null}
      </Outcome>
      {myTask ? <DecisionPanel doc={doc} task={myTask} onDone={say} /> : null}
      {isSubmitter ? <SubmitterPanel doc={doc} onDone={say} /> : null}
      {doc.status === 'approved' ? <ApprovedPanel doc={doc} onDone={say} /> : null}
      <RecallPanel doc={doc} me={me} onDone={say} />

      <section aria-labelledby="route-title">
        <h2 id="route-title">{t('detail.route')}</h2>
        {doc.stages.length ? <Timeline doc={doc} /> : <p>{t('detail.notSubmitted')}</p>}
      </section>

      <section aria-labelledby="versions-title">
        <h2 id="versions-title">{t('detail.versions')}</h2>
        <ul className="item-list">
          {[...doc.versions].reverse().map((v) => (
            <li key={v.no}>
              <span className="item-title">
                <FileLink
                  path={`/api/v1/documents/${doc.id}/versions/${v.no}/file`}
                  href={v.downloadUrl}
                  fileName={v.fileName ?? `${doc.title}-v${v.no}`}
                >
                  {t('detail.versionN', { n: v.no })}
                  {v.fileName ? ` · ${v.fileName}` : ''}
                </FileLink>
              </span>
              <span className="item-meta">
                <time dateTime={v.createdAt}>{format.dateTime(v.createdAt)}</time>
                <span>{format.bytes(v.size)}</span>
                {v.note ? <span>{v.note}</span> : null}
              </span>
              <span className="hash">
                <abbr title="SHA-256">SHA-256</abbr>: <code>{v.sha256}</code>
              </span>
            </li>
          ))}
        </ul>
      </section>
    </Page>
  );
}

/**
 * What the document approves, when another module submitted it: for minutes, the meeting and its
 * print view, so the chair reads the minutes in the app before deciding (the version below is the
 * same HTML as a file, the bytes its SHA-256 is of).
 */
function SubjectPanel({
  doc,
  subject,
  deciding,
}: {
  doc: Doc;
  subject: NonNullable<Doc['subject']>;
  /** The reader has a decision to take on it now. */
  deciding: boolean;
}) {
  const { t } = useTranslation('documents');
  if (subject.type !== 'meeting') return null;
  return (
    <section className="panel" aria-labelledby="subject-title">
      <h2 id="subject-title">{t('subject.meeting.title')}</h2>
      <p>
        {doc.documentType === 'minutes_erratum'
          ? t('subject.meeting.minutes_erratum')
          : t('subject.meeting.minutes')}
        {/* Only to whom a decision is still to come (it read so to the chair who had just approved). */}
        {doc.documentType !== 'minutes_erratum' && doc.status === 'in_review' && deciding
          ? ` ${t('subject.meeting.minutesDecide')}`
          : null}
      </p>
      <p className="row">
        {subject.printLink ? <Link to={subject.printLink}>{t('subject.meeting.print')}</Link> : null}
        <Link to={subject.link}>{t('subject.meeting.open')}</Link>
      </p>
    </section>
  );
}

function Timeline({ doc }: { doc: Doc }) {
  const { t, i18n } = useTranslation('documents');
  const format = useFormat();
  // A rejected or withdrawn document's later stages will never run: not "Waiting".
  const ended = doc.status === 'rejected' || doc.status === 'withdrawn';
  const shown = (status: string) => (ended && status === 'pending' ? 'not_reached' : status);
  // A stage still to come reads "Not yet", not "Waiting" as its tasks do (it read like the current one).
  const stageShown = (status: string) => (status === 'pending' && !ended ? 'upcoming' : shown(status));
  return (
    <ol className="timeline">
      {doc.stages.map((s) => (
        <li key={s.id} className={`timeline-item stage-${stageShown(s.status)}`}>
          <span className="timeline-stage">
            {t('route.stageNamed', { n: s.index + 1, name: displayName(s, i18n.language) })}{' '}
            <StatusBadge status={stageShown(s.status)} />
          </span>
          <ul className="plain-list">
            {s.tasks.map((task: Task) => (
              <li key={task.id} className="task">
                <span>{displayName(task.assignee, i18n.language)}</span>
                {task.actingFor ? (
                  <span className="acting-for">
                    {' '}
                    ({t('detail.actingFor', { name: displayName(task.actingFor, i18n.language) })})
                  </span>
                ) : null}{' '}
                <StatusBadge status={shown(task.status)} />
                {task.decidedAt ? (
                  <>
                    {' '}
                    <time dateTime={task.decidedAt}>{format.dateTime(task.decidedAt)}</time>
                  </>
                ) : null}
                {shown(task.status) === 'pending' && task.dueAt ? (
                  <span className="muted"> · {t('detail.due', { time: format.dateTime(task.dueAt) })}</span>
                ) : null}
                {task.versionNo > 1 ? (
                  <span className="muted"> · {t('detail.versionN', { n: task.versionNo })}</span>
                ) : null}
                {task.comment ? <blockquote className="comment">{task.comment}</blockquote> : null}
              </li>
            ))}
          </ul>
          {/* Why an approver away kept the task (their delegate approved an earlier stage, or is the
              submitter): said on the route, not left to guess. */}
          {s.routingNotes
            .filter((n) => DELEGATION_KEPT.has(n.outcome))
            .map((n, k) => (
              <p key={k} className="muted">
                {t(`route.note.${n.outcome}`, {
                  who: personOf(doc, n.userId, i18n.language),
                  delegate: personOf(doc, n.delegateId, i18n.language),
                })}
              </p>
            ))}
          {/* A task that changed hands: given to someone else by an administrator (from whom, and
              why), or taken back by the approver from their delegate. The route showed only its
              holder now, as if it had always been theirs. */}
          {s.routingNotes
            .filter((n) => HANDED_OVER.has(n.outcome))
            .map((n, k) => (
              <p key={`moved-${k}`} className="muted">
                <HandedOver doc={doc} note={n} />
              </p>
            ))}
        </li>
      ))}
    </ol>
  );
}

/** Routing notes of a task that changed hands after it was given. */
const HANDED_OVER = new Set<string>(['reassigned_by_admin', 'taken_back']);

/**
 * "Given to B in place of A by an administrator: why", or "B took it back from A". A is read by id
 * (no task of theirs is left on the document).
 */
function HandedOver({ doc, note }: { doc: Doc; note: Doc['stages'][number]['routingNotes'][number] }) {
  const { t, i18n } = useTranslation('documents');
  const from = useQuery({ ...userQuery(note.fromUserId ?? ''), enabled: !!note.fromUserId });
  return (
    <>
      {t(`route.note.${note.outcome}`, {
        who: personOf(doc, note.userId, i18n.language),
        from: from.data ? displayName(from.data, i18n.language) : '…',
      })}
      {note.reason ? <> {t('route.note.reason', { reason: note.reason })}</> : null}
    </>
  );
}

/** Routing notes that say why an approver kept a task they had delegated. */
const DELEGATION_KEPT = new Set<string>(['delegate_approved_earlier', 'delegate_is_submitter']);

/** A person named on the document (a task's assignee, the one they act for, the submitter), by id. */
function personOf(doc: Doc, id: string | null | undefined, language: string): string {
  const people = [
    doc.submitter,
    ...doc.stages.flatMap((s) => s.tasks.flatMap((task) => [task.assignee, task.actingFor])),
  ];
  const person = people.find((p) => p && p.id === id);
  return person ? displayName(person, language) : '—';
}

function useRefresh(doc: Doc) {
  const client = useQueryClient();
  return async () => {
    await Promise.all([
      client.invalidateQueries({ queryKey: ['document', doc.id] }),
      client.invalidateQueries({ queryKey: ['documents'] }),
      client.invalidateQueries({ queryKey: ['inbox'] }),
    ]);
  };
}

type Decision = 'reject' | 'return';

function DecisionPanel({ doc, task, onDone }: { doc: Doc; task: Task; onDone: OnDone }) {
  // Rendered by the server first: its buttons wait for the app (src/entry-server.tsx).
  const hydrated = useHydrated();
  const { t, i18n } = useTranslation('documents');
  const refresh = useRefresh(doc);
  const [asking, setAsking] = useState<Decision | null>(null);
  const [comment, setComment] = useState('');
  // Cancelled, the comment's form gives the focus back to the button that opened it.
  const [askedBy, setAskedBy] = useState<Decision>('return');
  const askButton = useRef<HTMLButtonElement>(null);
  useFocusBack(asking !== null, askButton);
  const ask = (kind: Decision) => {
    setAskedBy(kind);
    setAsking(kind);
  };
  const decide = useMutation({
    mutationFn: async (kind: 'approve' | Decision) => {
      const params = { path: { id: task.id }, header: idempotent() };
      if (kind === 'approve')
        return call(api.POST('/api/v1/approval-tasks/{id}/approve', { params, body: {} }));
      const body = { reason: comment.trim() };
      if (kind === 'reject') return call(api.POST('/api/v1/approval-tasks/{id}/reject', { params, body }));
      return call(api.POST('/api/v1/approval-tasks/{id}/return', { params, body }));
    },
    onSuccess: async (_, kind) => {
      setAsking(null);
      setComment('');
      await refresh();
      onDone(kind === 'approve' ? 'approved' : kind === 'reject' ? 'rejected' : 'returned');
    },
  });
  const confirm = (e: FormEvent) => {
    e.preventDefault();
    if (asking) decide.mutate(asking);
  };
  return (
    <section className="panel" aria-labelledby="decide-title">
      <h2 id="decide-title">
        {asking ? t('decide.titleAsking', { action: t(`decide.${asking}`) }) : t('decide.title')}
      </h2>
      {task.actingFor ? (
        <p className="acting-for">
          {t('detail.actingFor', { name: displayName(task.actingFor, i18n.language) })}
        </p>
      ) : null}
      <ErrorMessage error={decide.error} />
      {asking ? (
        <form className="form" onSubmit={confirm}>
          <p>{t(`decide.${asking}Prompt`)}</p>
          <div className="field">
            <label htmlFor="decision-comment">{t('decide.comment')}</label>
            <textarea
              id="decision-comment"
              // Opened by its button: the reason is what comes next.
              autoFocus
              required
              rows={3}
              maxLength={4000}
              aria-describedby="decision-comment-length"
              value={comment}
              onChange={(e) => setComment(e.target.value)}
            />
            <LengthHint id="decision-comment-length" length={comment.length} max={4000} />
          </div>
          <div className="row">
            <button
              type="submit"
              className="button-primary"
              disabled={decide.isPending || !comment.trim()}
              aria-describedby={comment.trim() ? undefined : 'decision-confirm-waits'}
            >
              {t('decide.confirm')}
            </button>
            <button type="button" onClick={() => setAsking(null)}>
              {t('decide.cancel')}
            </button>
          </div>
          {/* Why Confirm cannot be pressed yet: a greyed button said nothing. */}
          {comment.trim() ? null : (
            <p id="decision-confirm-waits" className="muted">
              {t('decide.commentFirst')}
            </p>
          )}
        </form>
      ) : (
        <div className="row">
          <button
            type="button"
            className="button-primary"
            disabled={!hydrated || decide.isPending}
            onClick={() => decide.mutate('approve')}
          >
            {t('decide.approve')}
          </button>
          <button
            type="button"
            ref={askedBy === 'return' ? askButton : undefined}
            disabled={!hydrated}
            onClick={() => ask('return')}
          >
            {t('decide.return')}
          </button>
          <button
            type="button"
            ref={askedBy === 'reject' ? askButton : undefined}
            className="button-danger"
            disabled={!hydrated}
            onClick={() => ask('reject')}
          >
            {t('decide.reject')}
          </button>
        </div>
      )}
    </section>
  );
}

function SubmitterPanel({ doc, onDone }: { doc: Doc; onDone: OnDone }) {
  // Rendered by the server first: its buttons wait for the app (src/entry-server.tsx).
  const hydrated = useHydrated();
  const { t } = useTranslation('documents');
  const refresh = useRefresh(doc);
  const [file, setFile] = useState<File | null>(null);
  // The chosen file when it is byte for byte a version already sent (its SHA-256), and which one.
  const [sameAs, setSameAs] = useState<{ file: File; no: number } | null>(null);
  const chooseFile = (chosen: File | null) => {
    setFile(chosen);
    setSameAs(null);
    // Outside a secure context (plain http) the browser offers no digest: no hint then.
    if (!chosen || !globalThis.crypto?.subtle) return;
    sha256Hex(chosen)
      .then((hash) => {
        const same = [...doc.versions].reverse().find((v) => v.sha256 === hash);
        if (same) setSameAs({ file: chosen, no: same.no });
      })
      .catch(() => undefined);
  };
  const [note, setNote] = useState('');
  const [withdrawing, setWithdrawing] = useState(false);
  const withdrawButton = useRef<HTMLButtonElement>(null);
  useFocusBack(withdrawing, withdrawButton);
  const hintId = useId();
  // A draft never sent (its submission refused, say) is discarded the same way: kept, as withdrawn.
  const draft = doc.status === 'draft';
  const returned = doc.status === 'returned';
  // Returned: the details the route depends on (the amount an approver questioned) may be
  // corrected too, with or without a new file; the server refuses them if they call for another
  // workflow than the document started with.
  const workflows = useQuery({
    queryKey: ['workflows'],
    queryFn: () => call(api.GET('/api/v1/workflows')),
    enabled: returned,
  });
  const ofType = (workflows.data ?? []).filter((w) => w.active && w.documentType === doc.documentType);
  const editable = conditionFields(ofType);
  // A number the route depends on (an amount) cannot be emptied: the server needs it to route.
  const sized = new Set(conditionFields(ofType, true));
  const [typed, setTyped] = useState<Record<string, string>>({});
  const metadata = (doc.metadata ?? {}) as Record<string, unknown>;
  const valueOf = (f: string) =>
    typed[f] ?? (metadata[f] === undefined || metadata[f] === null ? '' : String(metadata[f]));
  const corrected = returned
    ? correctedMetadata(metadata, Object.fromEntries(editable.map((f) => [f, valueOf(f)])))
    : null;
  const act = useMutation({
    mutationFn: async (kind: 'withdraw' | 'resubmit') => {
      if (kind === 'withdraw') {
        return call(
          api.POST('/api/v1/documents/{id}/withdraw', {
            params: { path: { id: doc.id }, header: idempotent() },
            body: {},
          }),
        );
      }
      if (file) {
        const form = new FormData();
        form.set('file', file);
        if (note.trim()) form.set('note', note.trim());
        if (corrected) form.set('metadata', JSON.stringify(corrected));
        await postForm(`/api/v1/documents/${doc.id}/versions`, form);
      } else if (corrected) {
        // The details alone: a version of its own, with the same file.
        await call(
          api.POST('/api/v1/documents/{id}/versions', {
            params: { path: { id: doc.id } },
            body: { metadata: corrected, ...(note.trim() ? { note: note.trim() } : {}) },
          }),
        );
      }
      return call(
        api.POST('/api/v1/documents/{id}/submit', {
          params: { path: { id: doc.id }, header: idempotent() },
          body: {},
        }),
      );
    },
    // A refused resubmission may follow a version it made (details that call for another
    // workflow): the page reads the document again, so that what it says matches it.
    onError: () => void refresh(),
    onSuccess: async (_, kind) => {
      setFile(null);
      setNote('');
      setTyped({});
      setWithdrawing(false);
      await refresh();
      onDone(kind === 'resubmit' ? 'resubmitted' : draft ? 'discarded' : 'withdrawn');
    },
  });
  const canWithdraw = doc.status === 'in_review' || doc.status === 'returned' || draft;
  // Minutes are corrected and sent again from their meeting, as the next version of this document.
  const owned = doc.subject?.type === 'meeting' ? doc.subject : null;
  const canResubmit = !owned && (doc.status === 'returned' || doc.status === 'draft');
  const changed = !!file || !!corrected;
  if (!canWithdraw && !canResubmit) return null;
  return (
    <section className="panel" aria-labelledby="submitter-title">
      <h2 id="submitter-title">{t('submitter.title')}</h2>
      <ErrorMessage error={act.error} />
      {doc.status === 'returned' ? (
        <>
          {owned ? (
            <p>
              {t('submitter.returnedOwned')} <Link to={owned.link}>{t('subject.meeting.open')}</Link>
            </p>
          ) : (
            <p>{t(editable.length ? 'submitter.returned' : 'submitter.returnedFileOnly')}</p>
          )}
          <ReturnedWhy doc={doc} />
        </>
      ) : null}
      {canResubmit ? (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            act.mutate('resubmit');
          }}
        >
          <FileInput id="new-version" label={t('submitter.newVersion')} upload onFile={chooseFile} />
          {/* Sent all the same (the ministry has not ruled it out), but never unknowingly. */}
          {sameAs && sameAs.file === file ? (
            <p role="status" className="alert alert-info">
              {t('submitter.sameFile', { n: sameAs.no })}
            </p>
          ) : null}
          {returned
            ? editable.map((f) => (
                <Field
                  key={f}
                  label={t(`fields.${f}`, { defaultValue: f })}
                  value={valueOf(f)}
                  inputMode={f === 'amount' ? 'decimal' : undefined}
                  required={sized.has(f)}
                  onChange={(v) => setTyped({ ...typed, [f]: v })}
                />
              ))
            : null}
          {/* The approvers read it beside the version (what the returned comment asked, done). */}
          {changed ? (
            <Field label={t('submitter.versionNote')} rows={2} value={note} onChange={setNote} />
          ) : null}
          {/* A returned document goes back as it is unless a file is chosen: said before it is sent. */}
          {returned ? (
            <p id={hintId} className="muted">
              {file
                ? t('submitter.withFile', { name: file.name, n: doc.currentVersionNo + 1 })
                : corrected
                  ? t('submitter.withDetails', { n: doc.currentVersionNo + 1 })
                  : t('submitter.sameVersion', { n: doc.currentVersionNo })}
            </p>
          ) : null}
          <button
            type="submit"
            className="button-primary"
            aria-describedby={returned ? hintId : undefined}
            disabled={!hydrated || act.isPending}
          >
            {!returned
              ? t('new.submit')
              : file
                ? t('submitter.resubmitWithFile')
                : corrected
                  ? t('submitter.resubmitCorrected')
                  : t('submitter.resubmitSame', { n: doc.currentVersionNo })}
          </button>
        </form>
      ) : null}
      {canWithdraw ? (
        withdrawing ? (
          <div className="row">
            <span>{t(draft ? 'submitter.discardSure' : 'submitter.withdrawSure')}</span>
            <button type="button" className="button-danger" onClick={() => act.mutate('withdraw')}>
              {t('decide.confirm')}
            </button>
            {/* The safe answer has the focus: the question replaced the button that asked it. */}
            <button type="button" autoFocus onClick={() => setWithdrawing(false)}>
              {t('decide.cancel')}
            </button>
          </div>
        ) : (
          <p>
            <button
              type="button"
              ref={withdrawButton}
              disabled={!hydrated}
              onClick={() => setWithdrawing(true)}
            >
              {t(draft ? 'submitter.discard' : 'submitter.withdraw')}
            </button>
          </p>
        )
      ) : null}
    </section>
  );
}

/** An approver may take back an approval while the next stage has not acted (the server decides). */
function RecallPanel({ doc, me, onDone }: { doc: Doc; me: string; onDone: OnDone }) {
  // Rendered by the server first: its buttons wait for the app (src/entry-server.tsx).
  const hydrated = useHydrated();
  const { t } = useTranslation('documents');
  const refresh = useRefresh(doc);
  const active = doc.request?.currentStage;
  const mine = doc.stages
    .filter((s) => doc.status === 'in_review' && active !== undefined && s.index === active - 1)
    .flatMap((s) => s.tasks)
    .find((task) => task.assigneeId === me && task.status === 'approved');
  const recall = useMutation({
    mutationFn: (id: string) =>
      call(api.POST('/api/v1/approval-tasks/{id}/recall', { params: { path: { id } } })),
    onSuccess: async () => {
      await refresh();
      onDone('recalled');
    },
  });
  if (!mine) return null;
  return (
    <section className="panel" aria-label={t('recall.title')}>
      <ErrorMessage error={recall.error} />
      <button type="button" onClick={() => recall.mutate(mine.id)} disabled={!hydrated || recall.isPending}>
        {t('recall.button')}
      </button>
    </section>
  );
}

function ApprovedPanel({ doc, onDone }: { doc: Doc; onDone: OnDone }) {
  const { t } = useTranslation('documents');
  const format = useFormat();
  const code = doc.verificationCode;
  const approvedNo = doc.request?.versionNo ?? doc.currentVersionNo;
  const version = doc.versions.find((v) => v.no === approvedNo);
  const qrLink = doc.qrCodeUrl;
  const [qrBlob, setQrBlob] = useState<string | null>(null);
  useEffect(() => {
    if (qrLink) return;
    // Without a signed link: fetch the image with the session.
    let url: string | null = null;
    void authFetch(new Request(new URL(`/api/v1/documents/${doc.id}/qr.svg`, window.location.origin))).then(
      async (r) => {
        if (!r.ok) return;
        url = URL.createObjectURL(await r.blob());
        setQrBlob(url);
      },
    );
    return () => {
      if (url) URL.revokeObjectURL(url);
    };
  }, [doc.id, qrLink]);
  const qr = qrLink ?? qrBlob;
  return (
    // Revoked: no longer in force, so not in the colour and mark of an approval.
    <section className={doc.revokedAt ? 'panel revoked' : 'panel approved'} aria-labelledby="approved-title">
      <h2 id="approved-title">
        <span aria-hidden="true">{doc.revokedAt ? '⊘ ' : '✔ '}</span>
        {t(doc.revokedAt ? 'approved.titleRevoked' : 'approved.title', { date: format.date(doc.approvedAt) })}
      </h2>
      <p>
        {doc.signedCopy ? (
          <FileLink
            path={`/api/v1/documents/${doc.id}/signed-copy.pdf`}
            href={doc.signedCopy.url}
            fileName={`${doc.referenceNumber ?? doc.title}.pdf`}
          >
            {t('approved.signedCopy')}
          </FileLink>
        ) : (
          <FileLink
            path={`/api/v1/documents/${doc.id}/versions/${approvedNo}/file`}
            href={version?.downloadUrl}
            fileName={version?.fileName ?? `${doc.title}.pdf`}
          >
            {t('approved.approvedVersion')}
          </FileLink>
        )}
      </p>
      {code ? (
        <p>
          {t('approved.code')}
          {t('common:colon')} <code className="code">{readableCode(code)}</code> ·{' '}
          <Link to={`/verify/${encodeURIComponent(code)}`}>{t('approved.verifyPage')}</Link>
          {/* On paper a link is only words: its address, printed. */}
          {doc.verificationUrl ? <span className="print-only"> ({doc.verificationUrl})</span> : null}
        </p>
      ) : null}
      {qr ? <img className="qr" src={qr} alt={t('approved.qrAlt')} width={160} height={160} /> : null}
      {doc.revokedAt ? (
        <div className="alert alert-error" role="status">
          <p>
            <strong>{t('revoke.revokedOn', { date: format.dateTime(doc.revokedAt) })}</strong>
          </p>
          {doc.revocationReason ? (
            <p>
              {t('revoke.reason')}
              {t('common:colon')} {doc.revocationReason}
            </p>
          ) : null}
        </div>
      ) : null}
      {doc.mayRevoke ? <RevokePanel doc={doc} onDone={onDone} /> : null}
    </section>
  );
}

/** The issuing unit's head (or an admin) revokes the signed document, with a reason. */
function RevokePanel({ doc, onDone }: { doc: Doc; onDone: OnDone }) {
  // Rendered by the server first: its buttons wait for the app (src/entry-server.tsx).
  const hydrated = useHydrated();
  const { t } = useTranslation('documents');
  const refresh = useRefresh(doc);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const revoke = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/documents/{id}/revoke', {
          params: { path: { id: doc.id }, header: idempotent() },
          body: { reason: reason.trim() },
        }),
      ),
    onSuccess: async () => {
      setAsking(false);
      setReason('');
      await refresh();
      onDone('revoked');
    },
  });
  const confirm = (e: FormEvent) => {
    e.preventDefault();
    revoke.mutate();
  };
  if (!asking) {
    return (
      <p>
        <button type="button" className="button-danger" disabled={!hydrated} onClick={() => setAsking(true)}>
          {t('revoke.button')}
        </button>
      </p>
    );
  }
  return (
    <form className="form" onSubmit={confirm}>
      <ErrorMessage error={revoke.error} />
      <p>{t('revoke.prompt')}</p>
      <div className="field">
        <label htmlFor="revoke-reason">{t('revoke.reason')}</label>
        <textarea
          id="revoke-reason"
          required
          rows={3}
          maxLength={4000}
          aria-describedby="revoke-reason-length"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <LengthHint id="revoke-reason-length" length={reason.length} max={4000} />
      </div>
      <div className="row">
        <button type="submit" className="button-danger" disabled={revoke.isPending || !reason.trim()}>
          {t('decide.confirm')}
        </button>
        <button type="button" onClick={() => setAsking(false)}>
          {t('decide.cancel')}
        </button>
      </div>
    </form>
  );
}
