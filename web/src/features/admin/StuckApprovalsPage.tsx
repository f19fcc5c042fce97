import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Schemas, api, call, text } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { ListFoot } from '../../components/ListFoot';
import { Loading } from '../../components/Loading';
import { Outcome, type Said, useOutcome } from '../../components/Outcome';
import { Page } from '../../components/Page';
import { displayName, localName } from '../../components/names';
import { userQuery } from '../../components/userQuery';
import { useFormat } from '../../i18n/format';
import { AdminError } from './AdminError';
import { useRefusedFields } from '../../components/refused';
import { UserPicker } from './UserPicker';

const PAGE_SIZE = 50;

/** Who an action sent a document to, for the outcome that says so (named in the page's language). */
interface Sent {
  title: string;
  person: { fullName?: unknown; fullNameKm?: unknown } | null;
}

/**
 * Approvals that wait on an administrator: stages nobody could be found for (a vacant post with
 * nobody to escalate to), each routed to a named person; and tasks past their deadline, each of
 * which may be given to someone else. Either asks for a reason, which the audit log and the new
 * approver's notice carry.
 */
export function StuckApprovalsPage() {
  const { t } = useTranslation('admin');
  return (
    <Page title={t('stuck.title')}>
      <BlockedList />
      <HeldList />
      <OverdueList />
    </Page>
  );
}

function BlockedList() {
  const { t } = useTranslation('admin');
  const sent = useSent();
  const blocked = useQuery({
    queryKey: ['admin', 'approvals', 'blocked'],
    queryFn: () => call(api.GET('/api/v1/approvals/blocked')),
  });
  const items = blocked.data ?? [];
  return (
    <section aria-labelledby="stuck-blocked">
      <h2 id="stuck-blocked">{t('stuck.blockedTitle')}</h2>
      <p className="muted">{t('stuck.blockedText')}</p>
      <SentOutcome {...sent} />
      {blocked.isPending ? (
        <Loading />
      ) : blocked.isError ? (
        <ErrorMessage error={blocked.error} />
      ) : items.length === 0 ? (
        <p>{t('stuck.noneBlocked')}</p>
      ) : (
        <ul className="item-list">
          {items.map((b) => (
            <li key={b.requestId}>
              <DocumentLine item={b} />
              <HandOver kind="route" id={b.requestId} title={b.title} onSent={sent.onSent} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Tasks held by an account that cannot sign in: nobody can decide them, whatever their deadline. */
function HeldList() {
  const { t, i18n } = useTranslation('admin');
  const sent = useSent();
  const held = useQuery({
    queryKey: ['admin', 'approvals', 'held'],
    queryFn: () => call(api.GET('/api/v1/approvals/held-by-inactive')),
  });
  const items = held.data?.items ?? [];
  return (
    <section aria-labelledby="stuck-held">
      <h2 id="stuck-held">{t('stuck.heldTitle')}</h2>
      <p className="muted">{t('stuck.heldText')}</p>
      <SentOutcome {...sent} />
      {held.isPending ? (
        <Loading />
      ) : held.isError ? (
        <ErrorMessage error={held.error} />
      ) : items.length === 0 ? (
        <p>{t('stuck.noneHeld')}</p>
      ) : (
        <>
          <ul className="item-list">
            {items.map((task) => (
              <TaskToReassign key={task.id} task={task} onSent={sent.onSent}>
                {t(`stuck.heldBy.${task.assigneeStatus === 'retired' ? 'retired' : 'disabled'}`, {
                  name: assigneeName(task, i18n.language),
                })}
              </TaskToReassign>
            ))}
          </ul>
          {held.data?.more ? <p className="muted">{t('stuck.heldMore', { count: items.length })}</p> : null}
        </>
      )}
    </section>
  );
}

function OverdueList() {
  const { t, i18n } = useTranslation('admin');
  const format = useFormat();
  const sent = useSent();
  const overdue = useInfiniteQuery({
    queryKey: ['admin', 'approvals', 'overdue'],
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/approvals/overdue', { params: { query: { limit: PAGE_SIZE, cursor: pageParam } } }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items: Task[] = overdue.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="stuck-overdue">
      <h2 id="stuck-overdue">{t('stuck.overdueTitle')}</h2>
      <p className="muted">{t('stuck.overdueText')}</p>
      <SentOutcome {...sent} />
      {overdue.isPending ? (
        <Loading />
      ) : overdue.isError && !overdue.data ? (
        <ErrorMessage error={overdue.error} />
      ) : items.length === 0 ? (
        <p>{t('stuck.noneOverdue')}</p>
      ) : (
        <>
          <ul className="item-list">
            {items.map((task) => (
              <TaskToReassign key={task.id} task={task} onSent={sent.onSent}>
                {t('stuck.waitingOn', {
                  name: assigneeName(task, i18n.language),
                  time: format.dateTime(task.dueAt),
                })}
              </TaskToReassign>
            ))}
          </ul>
          <ListFoot
            query={overdue}
            count={t(overdue.hasNextPage ? 'stuck.shownMore' : 'stuck.shownAll', { count: items.length })}
          />
        </>
      )}
    </section>
  );
}

type Task = Schemas['OverdueItemDto'];

const assigneeName = (task: Task, language: string) =>
  displayName({ fullName: task.assigneeName, fullNameKm: task.assigneeNameKm }, language);

/** A task an administrator may give to someone else: its document, why it is stuck, and Reassign. */
function TaskToReassign({
  task,
  onSent,
  children,
}: {
  task: Task;
  onSent: (sent: Sent) => void;
  children: ReactNode;
}) {
  return (
    <li>
      <DocumentLine item={task} />
      <p className="alert-inline">{children}</p>
      <HandOver
        kind="reassign"
        id={task.id}
        title={task.title}
        exclude={[task.assigneeId, task.submitterId]}
        onSent={onSent}
      />
    </li>
  );
}

/** What the last hand-over of a list did, and what its HandOver calls once it is done. */
function useSent() {
  const [said, say] = useOutcome<'sent'>();
  const [sent, setSent] = useState<Sent | null>(null);
  const onSent = useCallback(
    (s: Sent) => {
      setSent(s);
      say('sent');
    },
    [say],
  );
  return { said, sent, onSent };
}

function SentOutcome({ said, sent }: { said: Said<'sent'> | null; sent: Sent | null }) {
  const { t, i18n } = useTranslation('admin');
  return (
    <Outcome said={said}>
      {sent ? t('stuck.sent', { title: sent.title, name: displayName(sent.person, i18n.language) }) : null}
    </Outcome>
  );
}

/** The document a blocked request or an overdue task is about: its title (a link), number and stage. */
function DocumentLine({ item }: { item: Schemas['BlockedRequestDto'] | Schemas['OverdueItemDto'] }) {
  const { t, i18n } = useTranslation('admin');
  const reference = text(item.referenceNumber);
  return (
    <>
      <Link to={`/documents/${item.documentId}`} className="item-title">
        {item.title}
      </Link>
      <div className="muted">
        {reference ? `${reference} · ` : null}
        {t('stuck.stage', { name: localName(item.stageName, text(item.stageNameKm), i18n.language) })}
      </div>
    </>
  );
}

/**
 * "Route to someone" or "Reassign": a button that opens the form (the person, the reason). Sent, the
 * lists are read again: a routed request leaves the blocked list; a reassigned task has its stage's
 * time afresh, so leaves the overdue one (unless its stage has no deadline of its own).
 */
function HandOver({
  kind,
  id,
  title,
  exclude = [],
  onSent,
}: {
  /** `route`: a blocked request (`id` is the request's) to a named person; `reassign`: a task (its id) to another. */
  kind: 'route' | 'reassign';
  id: string;
  title: string;
  /** Who is not offered: the one who holds the task, the submitter (the server refuses both). */
  exclude?: string[];
  onSent: (sent: Sent) => void;
}) {
  const { t } = useTranslation('admin');
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [userId, setUserId] = useState('');
  const [reason, setReason] = useState('');
  const go = useMutation({
    mutationFn: (): Promise<unknown> => {
      const request = { params: { path: { id } }, body: { userId, reason: reason.trim() } };
      return kind === 'route'
        ? call(api.POST('/api/v1/approval-requests/{id}/route', request))
        : call(api.POST('/api/v1/approval-tasks/{id}/reassign', request));
    },
    onSuccess: async () => {
      const person = await client.fetchQuery(userQuery(userId)).catch(() => null);
      setOpen(false);
      setUserId('');
      setReason('');
      onSent({ title, person });
      await client.invalidateQueries({ queryKey: ['admin', 'approvals'] });
    },
  });
  // Closed (Cancel): what was chosen and the refusal go with the form.
  const toggle = () => {
    if (open) {
      setUserId('');
      setReason('');
      go.reset();
    }
    setOpen(!open);
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    go.mutate();
  };
  const named = t(`stuck.${kind}Named`, { title });
  const { form, messageId, mark } = useRefusedFields(go.error);
  return (
    <>
      <div className="row">
        <button
          type="button"
          aria-expanded={open}
          aria-label={open ? t(`stuck.${kind}CancelNamed`, { title }) : named}
          onClick={toggle}
        >
          {open ? t('common:cancel') : t(`stuck.${kind}`)}
        </button>
      </div>
      {open ? (
        <form ref={form} className="inline-form" onSubmit={onSubmit} aria-label={named}>
          <UserPicker
            label={t('stuck.to')}
            {...mark('userId')}
            value={userId}
            onChange={setUserId}
            required
            colleaguesOnly
            exclude={exclude}
          />
          <Field
            label={t('stuck.reason')}
            {...mark('reason')}
            value={reason}
            onChange={setReason}
            rows={2}
            required
          />
          <button type="submit" className="button-primary" disabled={go.isPending}>
            {t(`stuck.${kind}Submit`)}
          </button>
        </form>
      ) : null}
      <AdminError
        error={go.error}
        id={messageId}
        fields={{ userId: t('stuck.to'), reason: t('stuck.reason') }}
      />
    </>
  );
}
