import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { type Schemas, api, call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Outcome, useOutcome } from '../../components/Outcome';
import { Page } from '../../components/Page';
import { displayName, localName } from '../../components/names';
import { useFormat } from '../../i18n/format';
import { ActionItems, Attachments, Errata, Reschedule, RevisionCompare } from './MeetingExtras';
import { MinutesEditor, MinutesView } from './Minutes';
import { quorumWithMarks } from './quorum';
import { SaveSignal, useClearOnSuccess, useSaveSucceeded } from './saveSignal';
import { Fact } from '../../components/Fact';
import { useSession } from '../../auth/session';
import { ReturnedWhy } from '../documents/ReturnedWhy';

export type Meeting = Schemas['MeetingDto'];
export type AgendaItem = Schemas['AgendaItemDto'];

export const meetingKey = (id: string) => ['meeting', id] as const;

/** Every agenda item, depth first, with its depth. */
export function flatten(items: AgendaItem[], depth = 0): { item: AgendaItem; depth: number }[] {
  return items.flatMap((item) => [{ item, depth }, ...flatten(item.children, depth + 1)]);
}

/** A meeting: agenda, attendance and quorum, the minutes (editable by the secretary and chair). */
export function MeetingPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation('meetings');
  const [version, setVersion] = useState(0);
  const succeeded = useCallback(() => setVersion((v) => v + 1), []);
  const signal = useMemo(() => ({ version, succeeded }), [version, succeeded]);
  const meeting = useQuery({
    queryKey: meetingKey(id),
    queryFn: () => call(api.GET('/api/v1/meetings/{id}', { params: { path: { id } } })),
  });
  if (meeting.isPending) return <Loading />;
  if (meeting.isError) {
    return (
      <Page title={t('detail.title')}>
        <ErrorMessage error={meeting.error} />
      </Page>
    );
  }
  const m = meeting.data;
  const title = localName(m.title, m.titleKm, i18n.language);
  return (
    <Page title={title}>
      <SaveSignal value={signal}>
        <Facts meeting={m} />
        <Reschedule meeting={m} />
        <Agenda meeting={m} />
        <Attendance meeting={m} />
        <MinutesSection meeting={m} />
        <ActionItems meeting={m} />
        <Attachments meeting={m} />
      </SaveSignal>
    </Page>
  );
}

function Facts({ meeting: m }: { meeting: Meeting }) {
  const session = useSession();
  // The minutes' approval document is the secretary's and the chair's (`canEdit`), and an
  // administrator's, who sees every document; a member's link to it ended on "Page not found".
  const mayOpenDocument =
    m.canEdit || (session.status === 'signedIn' && session.user.roles.includes('admin'));
  const { t } = useTranslation('meetings');
  const format = useFormat();
  const links = m as Meeting & { minutesPdfUrl?: unknown };
  const pdfUrl = (links.minutesPdfUrl as string | null | undefined) ?? `/api/v1/meetings/${m.id}/minutes.pdf`;
  return (
    <>
      <dl className="facts">
        <Fact label={t('detail.when')}>
          {format.dateTime(m.startsAt)}
          {m.endsAt ? ` – ${format.dateTime(m.endsAt)}` : ''}
        </Fact>
        {m.location ? <Fact label={t('detail.where')}>{m.location}</Fact> : null}
        <Fact label={t('detail.status')}>{t(`status.${m.status}`)}</Fact>
        <Fact label={t('detail.minutes')}>{t(`minutesStatus.${m.minutesStatus}`)}</Fact>
      </dl>
      {m.canEdit && m.minutesStatus === 'draft' && m.minutesDocumentId ? (
        <MinutesReturned documentId={m.minutesDocumentId} />
      ) : null}
      <p className="row">
        {/* Minutes to print once some are saved: before, the PDF was an empty "revision 0" draft. */}
        {m.minutesStatus !== 'none' ? (
          <>
            <Link to={`/meetings/${m.id}/print`}>{t('detail.print')}</Link>
            <a href={pdfUrl} target="_blank" rel="noopener">
              {t('detail.pdf')}
            </a>
          </>
        ) : null}
        {m.minutesDocumentId && mayOpenDocument ? (
          <Link to={`/documents/${m.minutesDocumentId}`}>{t('detail.approvalDocument')}</Link>
        ) : null}
      </p>
    </>
  );
}

/**
 * Minutes the chair returned: why, and by whom, where the secretary corrects them (it was only in
 * a notification and on the approval document). Submitted again, they go as its next version.
 */
function MinutesReturned({ documentId }: { documentId: string }) {
  const { t } = useTranslation('meetings');
  const doc = useQuery({
    queryKey: ['document', documentId],
    queryFn: () => call(api.GET('/api/v1/documents/{id}', { params: { path: { id: documentId } } })),
  });
  if (doc.data?.status !== 'returned') return null;
  return (
    <section className="alert alert-info" aria-labelledby="minutes-returned-title">
      <h2 id="minutes-returned-title">{t('minutesReturned.title')}</h2>
      <ReturnedWhy doc={doc.data} />
      <p>{t('minutesReturned.next')}</p>
    </section>
  );
}

function Agenda({ meeting: m }: { meeting: Meeting }) {
  const { t } = useTranslation('meetings');
  const format = useFormat();
  const render = (items: AgendaItem[]) => (
    <ol className="agenda">
      {items.map((a) => (
        <li key={a.id}>
          <span className="agenda-number">{format.digits(a.number)}</span> {a.title}
          {a.durationMinutes ? (
            <span className="muted"> · {t('agenda.minutes', { n: format.number(a.durationMinutes) })}</span>
          ) : null}
          {a.children.length ? render(a.children) : null}
        </li>
      ))}
    </ol>
  );
  return (
    <section className="panel" aria-labelledby="agenda-title">
      <h2 id="agenda-title">{t('agenda.title')}</h2>
      {m.agenda.length ? render(m.agenda) : <p className="muted">{t('agenda.none')}</p>}
    </section>
  );
}

type Mark = 'present' | 'absent' | 'excused';

function Attendance({ meeting: m }: { meeting: Meeting }) {
  const { t, i18n } = useTranslation('meetings');
  const format = useFormat();
  const client = useQueryClient();
  const succeeded = useSaveSucceeded();
  const [marks, setMarks] = useState<Record<string, Mark>>({});
  // "Mark the rest as present" goes once used: the focus goes on to "Save attendance", next to it.
  const saveButton = useRef<HTMLButtonElement>(null);
  const [restMarked, setRestMarked] = useState(false);
  useEffect(() => {
    if (!restMarked) return;
    saveButton.current?.focus();
    setRestMarked(false);
  }, [restMarked]);
  // Said under the button, with the quorum as it now stands: the quorum line above it is off a
  // phone's screen by the time the list is marked, and the button only greyed out.
  const [said, say, unsay] = useOutcome<'saved'>();
  const save = useMutation({
    mutationFn: () =>
      call(
        api.PUT('/api/v1/meetings/{id}/attendance', {
          params: { path: { id: m.id } },
          body: Object.entries(marks).map(([participantId, status]) => ({ participantId, status })),
        }),
      ),
    onSuccess: async () => {
      setMarks({});
      succeeded();
      // Said at once: a mark changed while the meeting is read again takes it back (`mark`).
      say('saved');
      await client.invalidateQueries({ queryKey: meetingKey(m.id) });
    },
  });
  useClearOnSuccess(save);
  const mark = (changes: Record<string, Mark>) => {
    unsay();
    setMarks((s) => ({ ...s, ...changes }));
  };
  // The line reads the marks as they stand, saved or not: a secretary checks the quorum before saving.
  const q = quorumWithMarks(m.quorum, m.participants, marks);
  const unsaved = Object.keys(marks).length > 0;
  // Attendance is part of the minutes: the server records it only while they are editable (none or
  // draft) and the meeting is not cancelled; otherwise the marks show as text, with the reason.
  const locked =
    m.status === 'cancelled'
      ? 'cancelled'
      : m.minutesStatus === 'in_approval' || m.minutesStatus === 'approved'
        ? m.minutesStatus
        : null;
  const editable = m.canEdit && locked === null;
  // Before the start only apologies can be known (the server refuses present and absent then), so
  // only "Excused" is offered, beside the mark a participant has now.
  const started = Date.parse(m.startsAt) <= Date.now();
  const offered: readonly string[] = started ? ['present', 'absent', 'excused'] : ['excused'];
  const beforeStartId = useId();
  const unmarked = m.participants.filter((p) => (marks[p.id] ?? p.attendance) === 'unknown').map((p) => p.id);
  return (
    <section className="panel" aria-labelledby="attendance-title">
      <h2 id="attendance-title">{t('attendance.title')}</h2>
      <p role="status" className={started && q.met ? 'verdict-good' : undefined}>
        {/* Before the meeting nobody is present yet: what it will need, not "not met". */}
        {t(
          !started ? 'attendance.quorumNeeded' : q.met ? 'attendance.quorumMet' : 'attendance.quorumNotMet',
          {
            present: format.number(q.present),
            required: format.number(q.required),
            eligible: format.number(q.eligible),
          },
        )}
        {unsaved ? ` ${t('attendance.unsaved')}` : null}
      </p>
      <ul className="attendance">
        {m.participants.map((p) => {
          const name = displayName(p, i18n.language);
          const value = marks[p.id] ?? p.attendance;
          return (
            <li key={p.id}>
              <span className="item-title">{name}</span> <span className="muted">{t(`roles.${p.role}`)}</span>
              {editable ? (
                <select
                  aria-label={name}
                  aria-describedby={started ? undefined : beforeStartId}
                  value={value}
                  onChange={(e) => mark({ [p.id]: e.target.value as Mark })}
                >
                  {(offered.includes(value) ? offered : [value, ...offered]).map((v) => (
                    <option key={v} value={v}>
                      {t(`attendance.${v}`)}
                    </option>
                  ))}
                </select>
              ) : (
                <span> · {t(`attendance.${p.attendance}`)}</span>
              )}
            </li>
          );
        })}
      </ul>
      {m.canEdit && locked ? <p className="muted">{t(`attendance.locked.${locked}`)}</p> : null}
      {!m.canEdit && locked === null && !started ? <MyApology meeting={m} /> : null}
      {editable && !started ? (
        <p id={beforeStartId} className="muted">
          {t('attendance.beforeStart')}
        </p>
      ) : null}
      {editable ? (
        <>
          <ErrorMessage error={save.error} />
          <div className="row">
            {/* Most of a room is present: one tap for those not yet marked, then the exceptions. */}
            {started && unmarked.length ? (
              <button
                type="button"
                onClick={() => {
                  mark(Object.fromEntries(unmarked.map((id) => [id, 'present' as Mark])));
                  setRestMarked(true);
                }}
              >
                {t('attendance.restPresent', { count: unmarked.length, n: format.number(unmarked.length) })}
              </button>
            ) : null}
            <button
              type="button"
              ref={saveButton}
              className="button-primary"
              disabled={save.isPending || Object.keys(marks).length === 0}
              onClick={() => save.mutate()}
            >
              {t('attendance.save')}
            </button>
          </div>
          <Outcome said={said}>
            {t('attendance.saved')}{' '}
            {t(q.met ? 'attendance.quorumMet' : 'attendance.quorumNotMet', {
              present: format.number(q.present),
              required: format.number(q.required),
              eligible: format.number(q.eligible),
            })}
          </Outcome>
        </>
      ) : null}
    </section>
  );
}

/**
 * A participant who cannot come says so before the meeting (their mark becomes Excused, and the
 * secretary is told), or takes it back.
 */
function MyApology({ meeting: m }: { meeting: Meeting }) {
  const { t } = useTranslation('meetings');
  const session = useSession();
  const client = useQueryClient();
  const me =
    session.status === 'signedIn' ? m.participants.find((p) => p.userId === session.user.id) : undefined;
  const send = useMutation({
    mutationFn: (sent: boolean) =>
      call(api.PUT('/api/v1/meetings/{id}/my-apology', { params: { path: { id: m.id } }, body: { sent } })),
    onSuccess: () => client.invalidateQueries({ queryKey: meetingKey(m.id) }),
  });
  if (!me) return null;
  const excused = me.attendance === 'excused';
  return (
    <div className="my-apology">
      <p role="status">{t(excused ? 'attendance.apologySent' : 'attendance.invited')}</p>
      <ErrorMessage error={send.error} />
      <button type="button" disabled={send.isPending} onClick={() => send.mutate(!excused)}>
        {t(excused ? 'attendance.takeBack' : 'attendance.sendApology')}
      </button>
    </div>
  );
}

function MinutesSection({ meeting: m }: { meeting: Meeting }) {
  const { t } = useTranslation('meetings');
  const format = useFormat();
  const revisionsId = useId();
  // The editor starts again from the server's minutes only when asked (Reload), never because its
  // own save refreshed the list: that kept the typed text but dropped the "saved" line.
  const [generation, setGeneration] = useState(0);
  // The editor goes with the submission: what it did is said in its place, with focus on it.
  const [submitted, saySubmitted] = useOutcome<'submitted'>();
  const minutes = useQuery({
    queryKey: [...meetingKey(m.id), 'minutes'],
    queryFn: () => call(api.GET('/api/v1/meetings/{id}/minutes', { params: { path: { id: m.id } } })),
  });
  if (minutes.isPending) return <Loading />;
  if (minutes.isError) return <ErrorMessage error={minutes.error} />;
  const editable = m.canEdit && (minutes.data.status === 'none' || minutes.data.status === 'draft');
  return (
    <section className="panel" aria-labelledby="minutes-title">
      <h2 id="minutes-title">{t('minutes.title')}</h2>
      <Outcome said={submitted}>{t('minutes.submitted')}</Outcome>
      {editable ? (
        <MinutesEditor
          key={generation}
          meeting={m}
          minutes={minutes.data}
          onReload={async () => {
            await minutes.refetch();
            setGeneration((g) => g + 1);
          }}
          onSubmitted={() => saySubmitted('submitted')}
        />
      ) : (
        <MinutesView meeting={m} minutes={minutes.data} />
      )}
      <h3 id={revisionsId}>{t('minutes.revisions')}</h3>
      {minutes.data.revisions.length ? (
        <ol className="plain-list" aria-labelledby={revisionsId}>
          {minutes.data.revisions.map((r) => (
            <li key={r.revision}>
              {t('minutes.revision', {
                n: format.number(r.revision),
                who: r.authorName ?? '',
                when: format.dateTime(r.createdAt),
              })}
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">{t('minutes.noRevisions')}</p>
      )}
      <RevisionCompare meeting={m} minutes={minutes.data} />
      <Errata meeting={m} minutes={minutes.data} />
    </section>
  );
}
