import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Schemas, api, call, postForm, text } from '../../api/client';
import { useSession } from '../../auth/session';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { displayName } from '../../components/names';
import { useFormat } from '../../i18n/format';
import { type Meeting, flatten, meetingKey } from './MeetingPage';
import { useClearOnSuccess, useSaveSucceeded } from './saveSignal';
import { type Piece, diffText } from './textDiff';
import { FileInput } from '../../components/FileInput';
import { useVoteText } from './votes';
import { ministryFieldValue, ministryInstant } from '../../i18n/khmer-format';

type Minutes = Schemas['MinutesDto'];
type ActionItem = Schemas['ActionItemDto'];

function Field({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}

/** Text with what was removed struck through and what was added underlined (named for screen readers too). */
function Pieces({ pieces }: { pieces: Piece[] }) {
  const { t } = useTranslation('meetings');
  return (
    <p className="compare-text diff">
      {pieces.map((p, i) =>
        p.kind === 'same' ? (
          <span key={i}>{p.text}</span>
        ) : p.kind === 'added' ? (
          <ins key={i}>
            <span className="visually-hidden">{t('diff.addedMark')}</span>
            {p.text}
          </ins>
        ) : (
          <del key={i}>
            <span className="visually-hidden">{t('diff.removedMark')}</span>
            {p.text}
          </del>
        ),
      )}
    </p>
  );
}

/**
 * Two revisions of the minutes side by side as one text with the differences marked: the notes of
 * each agenda item, the decisions and the action items (one line each).
 */
export function RevisionCompare({ meeting: m, minutes }: { meeting: Meeting; minutes: Minutes }) {
  const { t, i18n } = useTranslation('meetings');
  const format = useFormat();
  const voteText = useVoteText();
  const revisions = minutes.revisions.map((r) => r.revision);
  const latest = minutes.latestRevision;
  const [from, setFrom] = useState(Math.max(1, latest - 1));
  const [to, setTo] = useState(latest);
  const [pair, setPair] = useState<[number, number] | null>(null);
  const load = (revision: number) =>
    call(api.GET('/api/v1/meetings/{id}/minutes', { params: { path: { id: m.id }, query: { revision } } }));
  const compared = useQuery({
    queryKey: [...meetingKey(m.id), 'compare', pair],
    enabled: pair !== null,
    queryFn: async () => Promise.all([load(pair![0]), load(pair![1])]),
  });
  if (revisions.length < 2) return null;
  const owner = (id: string) =>
    displayName(
      m.participants.find((p) => p.userId === id),
      i18n.language,
    );
  const decisionLines = (x: Minutes) =>
    x.decisions.map((d, i) => `${i + 1}. ${d.text}${voteText(d) ? ` ${voteText(d)}` : ''}\n`).join('');
  const actionLines = (x: Minutes) =>
    x.actionItems.map((a) => `${a.text} — ${owner(a.ownerUserId)} · ${format.date(a.dueOn)}\n`).join('');
  let body: ReactNode = null;
  if (compared.isPending && pair) body = <Loading />;
  else if (compared.isError) body = <ErrorMessage error={compared.error} />;
  else if (compared.data) {
    const [a, b] = compared.data;
    const notesA = new Map(a.items.map((i) => [i.agendaItemId, i.notes]));
    const notesB = new Map(b.items.map((i) => [i.agendaItemId, i.notes]));
    const parts: { key: string; title: string; before: string; after: string }[] = [
      ...flatten(m.agenda).map(({ item }) => ({
        key: item.id,
        title: `${format.digits(item.number)}. ${item.title}`,
        before: notesA.get(item.id) ?? '',
        after: notesB.get(item.id) ?? '',
      })),
      { key: 'decisions', title: t('print.decisions'), before: decisionLines(a), after: decisionLines(b) },
      { key: 'actions', title: t('minutes.actionItems'), before: actionLines(a), after: actionLines(b) },
    ].filter((p) => p.before !== p.after);
    body = parts.length ? (
      parts.map((p) => (
        <section key={p.key} className="compare" aria-label={p.title}>
          <h4>{p.title}</h4>
          <Pieces pieces={diffText(p.before, p.after)} />
        </section>
      ))
    ) : (
      <p>{t('diff.same')}</p>
    );
  }
  const options = revisions.map((r) => (
    <option key={r} value={r}>
      {t('diff.revisionN', { n: format.number(r) })}
    </option>
  ));
  return (
    <div className="revision-compare">
      <h3>{t('diff.title')}</h3>
      <div className="field-row">
        <Field label={t('diff.from')}>
          {(id) => (
            <select id={id} value={from} onChange={(e) => setFrom(Number(e.target.value))}>
              {options}
            </select>
          )}
        </Field>
        <Field label={t('diff.to')}>
          {(id) => (
            <select id={id} value={to} onChange={(e) => setTo(Number(e.target.value))}>
              {options}
            </select>
          )}
        </Field>
      </div>
      <button type="button" onClick={() => setPair([from, to])}>
        {t('diff.compare')}
      </button>
      <p className="muted">{t('diff.how')}</p>
      {body}
    </div>
  );
}

/**
 * Errata: corrections to approved minutes. The secretary (or chair) proposes one; it goes to the
 * chair through the approvals engine like the minutes; once approved it has its own signed PDF.
 */
export function Errata({ meeting: m, minutes }: { meeting: Meeting; minutes: Minutes }) {
  const { t } = useTranslation('meetings');
  const format = useFormat();
  const client = useQueryClient();
  const succeeded = useSaveSucceeded();
  const [draft, setDraft] = useState('');
  const propose = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/meetings/{id}/errata', { params: { path: { id: m.id } }, body: { text: draft } }),
      ),
    onSuccess: async () => {
      setDraft('');
      succeeded();
      await client.invalidateQueries({ queryKey: meetingKey(m.id) });
    },
  });
  useClearOnSuccess(propose);
  const canPropose = m.canEdit && minutes.status === 'approved';
  if (!canPropose && minutes.errata.length === 0) return null;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (draft.trim()) propose.mutate();
  };
  return (
    <div className="errata">
      <h3>{t('errata.title')}</h3>
      {minutes.errata.length ? (
        <ul className="plain-list">
          {minutes.errata.map((e) => {
            const pdf = text(e.pdfUrl);
            const doc = text(e.documentId);
            return (
              <li key={e.id} aria-label={t('errata.item', { when: format.dateTime(e.createdAt) })}>
                <p className="compare-text">{e.text}</p>
                <p className="row">
                  <span>{t(`errata.status.${e.status}`)}</span>
                  {text(e.verificationCode) ? (
                    <span>
                      {t('errata.code')}
                      {t('common:colon')} <strong>{text(e.verificationCode)}</strong>
                    </span>
                  ) : null}
                  {pdf ? (
                    <a href={pdf} target="_blank" rel="noopener">
                      {t('errata.pdf')}
                    </a>
                  ) : null}
                  {doc && m.canEdit && e.status === 'in_approval' ? (
                    <Link to={`/documents/${doc}`}>{t('errata.document')}</Link>
                  ) : null}
                </p>
              </li>
            );
          })}
        </ul>
      ) : null}
      {canPropose ? (
        <form className="form" onSubmit={onSubmit}>
          <Field label={t('errata.text')}>
            {(id) => (
              <textarea
                id={id}
                rows={3}
                value={draft}
                onChange={(e) => {
                  propose.reset();
                  setDraft(e.target.value);
                }}
              />
            )}
          </Field>
          <ErrorMessage error={propose.error} />
          <button type="submit" className="button-primary" disabled={propose.isPending || !draft.trim()}>
            {t('errata.propose')}
          </button>
        </form>
      ) : null}
    </div>
  );
}

const STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;

/** One action item; its owner (and the meeting's secretary or chair) updates status and progress. */
export function ActionItemRow({ item, canUpdate }: { item: ActionItem; canUpdate: boolean }) {
  const { t } = useTranslation('meetings');
  const format = useFormat();
  const client = useQueryClient();
  const succeeded = useSaveSucceeded();
  const [status, setStatus] = useState(item.status);
  const [note, setNote] = useState(text(item.progressNote) ?? '');
  const [saved, setSaved] = useState(false);
  const update = useMutation({
    mutationFn: () =>
      call(
        api.PATCH('/api/v1/action-items/{id}', {
          params: { path: { id: item.id } },
          body: { status, progressNote: note },
        }),
      ),
    onSuccess: async () => {
      setSaved(true);
      succeeded();
      await client.invalidateQueries({ queryKey: ['action-items'] });
      await client.invalidateQueries({ queryKey: meetingKey(item.meetingId) });
    },
  });
  useClearOnSuccess(update);
  return (
    <li className="action-row">
      <div role="group" aria-label={item.text}>
        <p>
          <span className="item-title">{item.text}</span>
          <br />
          <span className="muted">
            {text(item.ownerName) ?? ''} · {t('actions.due', { when: format.date(item.dueOn) })} ·{' '}
            {t(`actions.status.${item.status}`)}
            {item.overdue ? ` · ${t('actions.overdue')}` : ''}
          </span>
        </p>
        {text(item.progressNote) && !canUpdate ? (
          <p className="compare-text">{text(item.progressNote)}</p>
        ) : null}
        {canUpdate ? (
          <form
            className="field-row"
            onSubmit={(e) => {
              e.preventDefault();
              setSaved(false);
              update.mutate();
            }}
          >
            <Field label={t('actions.statusLabel')}>
              {(id) => (
                <select
                  id={id}
                  value={status}
                  onChange={(e) => {
                    setSaved(false);
                    setStatus(e.target.value as ActionItem['status']);
                  }}
                >
                  {STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {t(`actions.status.${s}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('actions.progressNote')}>
              {(id) => (
                <input
                  id={id}
                  value={note}
                  onChange={(e) => {
                    setSaved(false);
                    setNote(e.target.value);
                  }}
                />
              )}
            </Field>
            <button type="submit" disabled={update.isPending}>
              {t('actions.update')}
            </button>
            <ErrorMessage error={update.error} />
            <span role="status">{saved ? t('actions.updated') : ''}</span>
          </form>
        ) : null}
      </div>
    </li>
  );
}

/** The meeting's action items, and the open ones carried over from earlier meetings of the same body. */
export function ActionItems({ meeting: m }: { meeting: Meeting }) {
  const { t } = useTranslation('meetings');
  const session = useSession();
  const me = session.status === 'signedIn' ? session.user.id : null;
  const items = useQuery({
    queryKey: [...meetingKey(m.id), 'action-items'],
    queryFn: () =>
      call(api.GET('/api/v1/action-items', { params: { query: { meetingId: m.id, limit: 100 } } })),
  });
  const canUpdate = (a: ActionItem) => m.canEdit || a.ownerUserId === me;
  const carried = m.openActionItems;
  return (
    <section className="panel" id="action-items" aria-labelledby="actions-title">
      <h2 id="actions-title">{t('actions.title')}</h2>
      {items.isPending ? (
        <Loading />
      ) : items.isError ? (
        <ErrorMessage error={items.error} />
      ) : items.data.items.length ? (
        <ul className="plain-list">
          {items.data.items.map((a) => (
            <ActionItemRow key={a.id} item={a} canUpdate={canUpdate(a)} />
          ))}
        </ul>
      ) : (
        <p className="muted">{t('actions.none')}</p>
      )}
      {carried.length ? (
        <>
          <h3>{t('actions.carried')}</h3>
          <ul className="plain-list">
            {carried.map((a) => (
              <ActionItemRow key={a.id} item={a} canUpdate={canUpdate(a)} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** Photos and files: the secretary or chair uploads (the files module checks the type); participants see them. */
export function Attachments({ meeting: m }: { meeting: Meeting }) {
  const { t } = useTranslation('meetings');
  const format = useFormat();
  const client = useQueryClient();
  const succeeded = useSaveSucceeded();
  const [file, setFile] = useState<File | null>(null);
  const [caption, setCaption] = useState('');
  const [inputKey, setInputKey] = useState(0);
  const key = [...meetingKey(m.id), 'attachments'];
  const list = useQuery({
    queryKey: key,
    queryFn: () => call(api.GET('/api/v1/meetings/{id}/attachments', { params: { path: { id: m.id } } })),
  });
  const upload = useMutation({
    mutationFn: () => {
      const form = new FormData();
      if (caption.trim()) form.set('caption', caption.trim());
      form.set('file', file!);
      return postForm(`/api/v1/meetings/${m.id}/attachments`, form);
    },
    onSuccess: async () => {
      setFile(null);
      setCaption('');
      setInputKey((k) => k + 1);
      succeeded();
      await client.invalidateQueries({ queryKey: key });
    },
  });
  useClearOnSuccess(upload);
  return (
    <section className="panel" aria-labelledby="attachments-title">
      <h2 id="attachments-title">{t('attachments.title')}</h2>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorMessage error={list.error} />
      ) : list.data.length ? (
        <ul className="attachments">
          {list.data.map((a) => {
            const name = text(a.caption) ?? text(a.fileName) ?? t('attachments.file');
            const isImage = (text(a.mime) ?? '').startsWith('image/');
            return (
              <li key={a.id}>
                {isImage ? <img src={a.downloadUrl} alt={name} loading="lazy" /> : null}
                <a href={a.downloadUrl} target="_blank" rel="noopener">
                  {name}
                </a>
                {typeof a.size === 'number' ? <span className="muted"> · {format.bytes(a.size)}</span> : null}
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="muted">{t('attachments.none')}</p>
      )}
      {m.canEdit && m.status !== 'cancelled' ? (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            if (file) upload.mutate();
          }}
        >
          <FileInput
            key={inputKey}
            label={t('attachments.fileLabel')}
            upload
            onFile={(f) => {
              upload.reset();
              setFile(f);
            }}
          />
          <Field label={t('attachments.caption')}>
            {(id) => (
              <input id={id} value={caption} maxLength={500} onChange={(e) => setCaption(e.target.value)} />
            )}
          </Field>
          <ErrorMessage error={upload.error} />
          <button type="submit" className="button-primary" disabled={!file || upload.isPending}>
            {t('attachments.upload')}
          </button>
        </form>
      ) : null}
    </section>
  );
}

/** Move a meeting that has not been held: participants get an updated calendar invitation. */
export function Reschedule({ meeting: m }: { meeting: Meeting }) {
  const { t } = useTranslation('meetings');
  const client = useQueryClient();
  const succeeded = useSaveSucceeded();
  const [startsAt, setStartsAt] = useState(ministryFieldValue(m.startsAt));
  const [endsAt, setEndsAt] = useState(ministryFieldValue(m.endsAt));
  const [location, setLocation] = useState(text(m.location) ?? '');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState(false);
  const move = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/meetings/{id}/reschedule', {
          params: { path: { id: m.id } },
          body: {
            startsAt: ministryInstant(startsAt),
            endsAt: endsAt ? ministryInstant(endsAt) : undefined,
            location,
            reason: reason.trim() || undefined,
          },
        }),
      ),
    onSuccess: async () => {
      setDone(true);
      succeeded();
      await client.invalidateQueries({ queryKey: meetingKey(m.id) });
    },
  });
  useClearOnSuccess(move);
  if (!m.canEdit || m.status !== 'scheduled' || (m.minutesStatus !== 'none' && m.minutesStatus !== 'draft')) {
    return null;
  }
  return (
    <details className="panel reschedule">
      <summary>{t('reschedule.title')}</summary>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          setDone(false);
          if (startsAt) move.mutate();
        }}
      >
        <Field label={t('reschedule.startsAt')}>
          {(id) => (
            <input
              id={id}
              type="datetime-local"
              required
              value={startsAt}
              onChange={(e) => setStartsAt(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('reschedule.endsAt')}>
          {(id) => (
            <input id={id} type="datetime-local" value={endsAt} onChange={(e) => setEndsAt(e.target.value)} />
          )}
        </Field>
        <Field label={t('reschedule.location')}>
          {(id) => (
            <input id={id} value={location} maxLength={500} onChange={(e) => setLocation(e.target.value)} />
          )}
        </Field>
        <Field label={t('reschedule.reason')}>
          {(id) => (
            <input id={id} value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} />
          )}
        </Field>
        <ErrorMessage error={move.error} />
        <p role="status">{done ? t('reschedule.done') : ''}</p>
        <button type="submit" className="button-primary" disabled={move.isPending || !startsAt}>
          {t('reschedule.submit')}
        </button>
      </form>
    </details>
  );
}
