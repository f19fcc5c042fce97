import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type Schemas, api, call } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { displayName } from '../../components/names';
import { useFormat } from '../../i18n/format';
import { todayInPhnomPenh } from '../../i18n/khmer-format';
import { type Meeting, flatten, meetingKey } from './MeetingPage';
import { useClearOnSuccess, useSaveSucceeded } from './saveSignal';
import { useVoteText } from './votes';
import { dropUnsaved, keepUnsaved, unsavedOf } from './unsavedMinutes';
import { NumberInput } from '../../components/NumberInput';
import { LengthHint } from '../../components/LengthHint';
import { useSession } from '../../auth/session';

type Minutes = Schemas['MinutesDto'];

interface Decision {
  text: string;
  agendaItemId?: string;
  votesFor: string;
  votesAgainst: string;
  abstentions: string;
}

interface ActionItem {
  id?: string;
  text: string;
  ownerUserId: string;
  dueOn: string;
  agendaItemId: string;
}

/** An action item the minutes can record: its words, its owner and its due date. */
const isWholeAction = (a: ActionItem) => !!(a.text.trim() && a.ownerUserId && a.dueOn);
/** Begun (something in it): a row begun but not whole is not dropped on saving, it is said. */
const actionBegun = (a: ActionItem) => !!(a.text.trim() || a.ownerUserId || a.dueOn);
const decisionBegun = (d: Decision) => !!(d.text.trim() || d.votesFor || d.votesAgainst || d.abstentions);
/** What a refused save marks on a row begun but not whole: its fields still empty. */
const invalid = (marked: boolean, describedBy: string) =>
  marked ? { 'aria-invalid': true as const, 'aria-describedby': describedBy } : {};

interface Draft {
  notes: Record<string, string>;
  decisions: Decision[];
  actionItems: ActionItem[];
}

const count = (v: unknown) => (typeof v === 'number' ? String(v) : '');

function draftOf(m: Minutes): Draft {
  return {
    notes: Object.fromEntries(m.items.map((i) => [i.agendaItemId, i.notes])),
    decisions: m.decisions.map((d) => ({
      text: d.text,
      agendaItemId: typeof d.agendaItemId === 'string' ? d.agendaItemId : undefined,
      votesFor: count(d.votesFor),
      votesAgainst: count(d.votesAgainst),
      abstentions: count(d.abstentions),
    })),
    actionItems: m.actionItems.map((a) => ({
      id: a.id,
      text: a.text,
      ownerUserId: a.ownerUserId,
      dueOn: a.dueOn,
      agendaItemId: typeof a.agendaItemId === 'string' ? a.agendaItemId : '',
    })),
  };
}

const asCount = (v: string) => (v.trim() === '' ? undefined : Number(v));

/** The votes a decision counts in all (for, against, abstentions; empty counts are none). */
const votesOf = (d: Decision) =>
  [d.votesFor, d.votesAgainst, d.abstentions].reduce((sum, v) => sum + (asCount(v) || 0), 0);

/**
 * The minutes editor: one group per agenda item (its notes and decisions), the action items, save
 * and submit. A save from an old revision (409 STALE_REVISION) keeps what was typed and offers to
 * compare with the server's text, reload it, or keep mine and save over it.
 */
export function MinutesEditor({
  meeting: m,
  minutes,
  onReload,
  onSubmitted,
}: {
  meeting: Meeting;
  minutes: Minutes;
  onReload: () => Promise<void>;
  /** After the submission, when the page shows the submitted minutes (the editor is gone by then). */
  onSubmitted: () => void;
}) {
  const { t, i18n } = useTranslation('meetings');
  const format = useFormat();
  const client = useQueryClient();
  const succeeded = useSaveSucceeded();
  const [draft, setDraftState] = useState<Draft>(() => draftOf(minutes));
  // An action item added by its button takes the focus; one removed gives it to "Add action item".
  const [actionAdded, setActionAdded] = useState(false);
  const addAction = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (actionAdded) setActionAdded(false);
  }, [actionAdded]);
  const [base, setBase] = useState(minutes.latestRevision);
  const [theirs, setTheirs] = useState<Minutes | null>(null);
  // "Saved" stays until the next edit (not until the revision list reloads).
  const [saved, setSaved] = useState(false);
  // An action item with a task but no owner or due date is not saved silently without it: the save waits.
  const [incomplete, setIncomplete] = useState<'action' | 'decision' | null>(null);
  // A save refused for a row begun but not whole: its empty fields are marked, the first takes the
  // focus (on a phone the message is a screen away from them), at each attempt.
  const [attempts, setAttempts] = useState(0);
  const incompleteId = useId();
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (incomplete) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [incomplete, attempts]);
  // Typed since the last save (or restored): kept in the tab until saved (unsavedMinutes.ts).
  const [edited, setEdited] = useState(false);
  const [restored, setRestored] = useState(false);
  const session = useSession();
  const userId = session.status === 'signedIn' ? session.user.id : '';
  const setDraft = (change: (d: Draft) => Draft) => {
    setSaved(false);
    setEdited(true);
    setDraftState(change);
  };
  useEffect(() => {
    if (edited && userId) keepUnsaved(userId, m.id, { base, draft });
  }, [edited, userId, m.id, base, draft]);
  // After the first render (the server's render knows nothing of the tab's storage).
  useEffect(() => {
    const kept = userId ? unsavedOf<Draft>(userId, m.id) : null;
    if (!kept) return;
    if (JSON.stringify(kept.draft) === JSON.stringify(draftOf(minutes))) return dropUnsaved(userId, m.id);
    setDraftState(kept.draft);
    setBase(kept.base);
    setEdited(true);
    setRestored(true);
    // Once, for the minutes first shown: not again when they are read again.
  }, [m.id]);
  const discardRestored = () => {
    dropUnsaved(userId, m.id);
    setDraftState(draftOf(minutes));
    setBase(minutes.latestRevision);
    setEdited(false);
    setRestored(false);
  };
  const agenda = flatten(m.agenda);
  const people = m.participants.filter((p) => p.userId);
  const blockedId = useId();
  // The server says why the saved minutes cannot be submitted yet (not begun, nobody present, decisions without a quorum...).
  const block = minutes.submitBlock;

  const save = useMutation({
    mutationFn: () =>
      call(
        api.PUT('/api/v1/meetings/{id}/minutes', {
          params: { path: { id: m.id } },
          body: {
            baseRevision: base,
            items: agenda.map(({ item }) => ({ agendaItemId: item.id, notes: draft.notes[item.id] ?? '' })),
            decisions: draft.decisions
              .filter((d) => d.text.trim())
              .map((d) => ({
                text: d.text,
                agendaItemId: d.agendaItemId,
                votesFor: asCount(d.votesFor),
                votesAgainst: asCount(d.votesAgainst),
                abstentions: asCount(d.abstentions),
              })),
            actionItems: draft.actionItems.filter(isWholeAction).map((a) => ({
              id: a.id,
              text: a.text,
              ownerUserId: a.ownerUserId,
              dueOn: a.dueOn,
              agendaItemId: a.agendaItemId || undefined,
            })),
          },
        }),
      ),
    onSuccess: async (result) => {
      // The saved revision is the new base; the server's ids of new action items come back with it.
      setBase(result.latestRevision);
      setDraftState((d) => ({ ...d, actionItems: draftOf(result).actionItems }));
      dropUnsaved(userId, m.id);
      setEdited(false);
      setRestored(false);
      setSaved(true);
      setTheirs(null);
      submit.reset();
      succeeded();
      await client.invalidateQueries({ queryKey: meetingKey(m.id) });
    },
    onError: async (error) => {
      setSaved(false);
      if (error instanceof ApiError && error.code === 'STALE_REVISION') {
        setTheirs(await call(api.GET('/api/v1/meetings/{id}/minutes', { params: { path: { id: m.id } } })));
      }
    },
  });
  const submit = useMutation({
    mutationFn: () =>
      call(api.POST('/api/v1/meetings/{id}/minutes/submit', { params: { path: { id: m.id } } })),
    onSuccess: async () => {
      succeeded();
      await client.invalidateQueries({ queryKey: meetingKey(m.id) });
      onSubmitted();
    },
  });
  useClearOnSuccess(save);
  useClearOnSuccess(submit);
  // Attendance is part of the minutes: submitted with someone not recorded, the chair returned them.
  // Asked first; still allowed (a participant nobody can account for).
  const unrecorded = m.participants.filter((p) => p.attendance === 'unknown').length;
  // The meeting's day in the ministry: an action item due before it is said (overdue at once).
  const meetingDay = todayInPhnomPenh(new Date(m.startsAt));
  const [confirming, setConfirming] = useState(false);
  const onSave = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    // A row begun but not whole would be dropped from the save: said, not lost (a decision's votes
    // without its words, an action item without its words, owner or date). A row left empty goes.
    const missing = draft.decisions.some((d) => decisionBegun(d) && !d.text.trim())
      ? 'decision'
      : draft.actionItems.some((a) => actionBegun(a) && !isWholeAction(a))
        ? 'action'
        : null;
    setIncomplete(missing);
    setAttempts((n) => n + 1);
    if (!missing) save.mutate();
  };
  const setNotes = (id: string, notes: string) =>
    setDraft((d) => ({ ...d, notes: { ...d.notes, [id]: notes } }));
  const setDecision = (i: number, patch: Partial<Decision>) =>
    setDraft((d) => ({ ...d, decisions: d.decisions.map((x, j) => (j === i ? { ...x, ...patch } : x)) }));
  const setAction = (i: number, patch: Partial<ActionItem>) =>
    setDraft((d) => ({ ...d, actionItems: d.actionItems.map((x, j) => (j === i ? { ...x, ...patch } : x)) }));
  const markAction = (a: ActionItem) => incomplete === 'action' && actionBegun(a) && !isWholeAction(a);
  const stale = theirs !== null;
  const theirNotes = theirs ? draftOf(theirs).notes : {};
  return (
    <form className="form minutes" onSubmit={onSave} ref={form}>
      {restored ? (
        <div className="alert alert-info" role="status">
          <p>{t('minutes.restored')}</p>
          <button type="button" onClick={discardRestored}>
            {t('minutes.discardRestored')}
          </button>
        </div>
      ) : null}
      {stale ? (
        <div className="alert alert-error" role="alert">
          <p>{t('minutes.stale')}</p>
          <p>{t('minutes.staleHelp')}</p>
          <details open>
            <summary>{t('minutes.compare')}</summary>
            {agenda
              .filter(({ item }) => (theirNotes[item.id] ?? '') !== (draft.notes[item.id] ?? ''))
              .map(({ item }) => (
                <div key={item.id} className="compare">
                  <h4>
                    {format.digits(item.number)} {item.title}
                  </h4>
                  <div className="compare-cols">
                    <div>
                      <strong>{t('minutes.yours')}</strong>
                      <p className="compare-text">{draft.notes[item.id] ?? ''}</p>
                    </div>
                    <div>
                      <strong>{t('minutes.theirs')}</strong>
                      <p className="compare-text">{theirNotes[item.id] ?? ''}</p>
                    </div>
                  </div>
                </div>
              ))}
          </details>
          <div className="row">
            <button
              type="button"
              onClick={() => {
                void onReload();
              }}
            >
              {t('minutes.reload')}
            </button>
            <button
              type="button"
              onClick={() => {
                setBase(theirs.latestRevision);
                setTheirs(null);
                save.reset();
              }}
            >
              {t('minutes.keepMine')}
            </button>
          </div>
        </div>
      ) : null}
      {agenda.map(({ item, depth }) => (
        <AgendaItemFields
          key={item.id}
          title={`${format.digits(item.number)} ${item.title}`}
          depth={depth}
          notes={draft.notes[item.id] ?? ''}
          onNotes={(v) => setNotes(item.id, v)}
          decisions={draft.decisions.map((d, i) => ({ d, i })).filter(({ d }) => d.agendaItemId === item.id)}
          present={m.quorum.present}
          missing={incomplete === 'decision' ? incompleteId : null}
          onDecision={setDecision}
          onRemoveDecision={(i) =>
            setDraft((d) => ({ ...d, decisions: d.decisions.filter((_, j) => j !== i) }))
          }
          onAddDecision={() =>
            setDraft((d) => ({
              ...d,
              decisions: [
                ...d.decisions,
                { text: '', agendaItemId: item.id, votesFor: '', votesAgainst: '', abstentions: '' },
              ],
            }))
          }
        />
      ))}
      <fieldset className="minutes-item">
        <legend>{t('minutes.actionItems')}</legend>
        {draft.actionItems.map((a, i) => (
          <div key={i} className="action-item" role="group" aria-label={t('minutes.actionN', { n: i + 1 })}>
            <Field label={t('minutes.actionText')} limit={{ length: a.text.length, max: MAX.action }}>
              {(id, hint) => (
                <input
                  id={id}
                  autoFocus={actionAdded && i === draft.actionItems.length - 1}
                  value={a.text}
                  maxLength={MAX.action}
                  aria-describedby={hint}
                  {...invalid(markAction(a) && !a.text.trim(), `${hint} ${incompleteId}`)}
                  onChange={(e) => setAction(i, { text: e.target.value })}
                />
              )}
            </Field>
            <Field label={t('minutes.owner')}>
              {(id) => (
                <select
                  id={id}
                  {...invalid(markAction(a) && !a.ownerUserId, incompleteId)}
                  value={a.ownerUserId}
                  onChange={(e) => setAction(i, { ownerUserId: e.target.value })}
                >
                  <option value="">—</option>
                  {people.map((p) => (
                    <option key={p.id} value={p.userId!}>
                      {displayName(p, i18n.language)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('minutes.agendaItem')}>
              {(id) => (
                <select
                  id={id}
                  value={a.agendaItemId}
                  onChange={(e) => setAction(i, { agendaItemId: e.target.value })}
                >
                  <option value="">{t('minutes.wholeMeeting')}</option>
                  {agenda.map(({ item }) => (
                    <option key={item.id} value={item.id}>
                      {format.digits(item.number)}. {item.title}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('minutes.dueOn')}>
              {(id) => (
                <input
                  id={id}
                  type="date"
                  {...invalid(markAction(a) && !a.dueOn, incompleteId)}
                  value={a.dueOn}
                  onChange={(e) => setAction(i, { dueOn: e.target.value })}
                  aria-describedby={
                    a.dueOn && a.dueOn < meetingDay ? `${incompleteId}-early-${i}` : undefined
                  }
                />
              )}
            </Field>
            {/* Accepted (a task agreed late may be overdue already), but said: often a mistyped year. */}
            {a.dueOn && a.dueOn < meetingDay ? (
              <p id={`${incompleteId}-early-${i}`} className="muted" role="status">
                {t('minutes.dueBeforeMeeting')}
              </p>
            ) : null}
            {/* Saved without it, an action item already recorded is cancelled (its owner is told). */}
            <button
              type="button"
              onClick={() => {
                setDraft((d) => ({ ...d, actionItems: d.actionItems.filter((_, j) => j !== i) }));
                addAction.current?.focus();
              }}
            >
              {t('minutes.removeAction', { n: i + 1 })}
            </button>
          </div>
        ))}
        <button
          type="button"
          ref={addAction}
          onClick={() => {
            setActionAdded(true);
            setDraft((d) => ({
              ...d,
              actionItems: [...d.actionItems, { text: '', ownerUserId: '', dueOn: '', agendaItemId: '' }],
            }));
          }}
        >
          {t('minutes.addAction')}
        </button>
      </fieldset>
      {incomplete ? (
        <p id={incompleteId} className="alert alert-error" role="alert">
          {t(incomplete === 'decision' ? 'minutes.decisionIncomplete' : 'minutes.actionIncomplete')}
        </p>
      ) : null}
      {stale ? null : <ErrorMessage error={save.error} />}
      <ErrorMessage error={submit.error} />
      <p role="status">{saved ? t('minutes.saved') : ''}</p>
      <div className="row">
        <button type="submit" className="button-primary" disabled={save.isPending || stale}>
          {t('minutes.save')}
        </button>
        <button
          type="button"
          disabled={submit.isPending || stale}
          // Not yet possible, for the reason below: still reachable by Tab, so that the reason is read.
          aria-disabled={block !== null || undefined}
          aria-describedby={block ? blockedId : undefined}
          onClick={() => {
            if (block !== null) return;
            if (unrecorded > 0) setConfirming(true);
            else submit.mutate();
          }}
        >
          {t('minutes.submit')}
        </button>
      </div>
      {confirming ? (
        <ConfirmDialog
          open
          title={t('minutes.unrecordedTitle', { count: unrecorded, n: format.number(unrecorded) })}
          confirmLabel={t('minutes.submitAnyway')}
          onConfirm={() => {
            setConfirming(false);
            submit.mutate();
          }}
          onCancel={() => setConfirming(false)}
        >
          <p>{t('minutes.unrecordedText')}</p>
        </ConfirmDialog>
      ) : null}
      {block ? (
        <p id={blockedId} className="muted">
          {t(`minutes.submitBlock.${block}`)}
        </p>
      ) : null}
    </form>
  );
}

/**
 * The longest texts the server keeps (src/meetings/dto/minutes.dto.ts): the fields stop there and
 * say so as they near it (a pasted text past it was refused whole, with a generic error).
 */
const MAX = { notes: 50000, decision: 10000, action: 5000 } as const;

/** A labelled control; with `limit`, the length hint under it (`describedBy` names it). */
function Field({
  label,
  limit,
  children,
}: {
  label: string;
  limit?: { length: number; max: number };
  children: (id: string, describedBy?: string) => React.ReactNode;
}) {
  const id = useId();
  const hint = limit ? `${id}-length` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id, hint)}
      {limit && hint ? <LengthHint id={hint} length={limit.length} max={limit.max} /> : null}
    </div>
  );
}

function AgendaItemFields(props: {
  title: string;
  depth: number;
  notes: string;
  onNotes: (v: string) => void;
  decisions: { d: Decision; i: number }[];
  /** Voting participants recorded present: a decision cannot count more votes. */
  present: number;
  /** A save was refused for a decision without its words: the message's id, to mark them. */
  missing: string | null;
  onDecision: (i: number, patch: Partial<Decision>) => void;
  onRemoveDecision: (i: number) => void;
  onAddDecision: () => void;
}) {
  const { t } = useTranslation('meetings');
  const format = useFormat();
  // A decision added by its button takes the focus (its text is what comes next); one removed
  // gives it to "Add decision", which stays where it was.
  const [added, setAdded] = useState(false);
  const add = useRef<HTMLButtonElement>(null);
  // Once: the new decision has mounted with the focus; a decision re-made later must not take it.
  useEffect(() => {
    if (added) setAdded(false);
  }, [added]);
  return (
    <fieldset className={`minutes-item depth-${props.depth}`}>
      <legend>{props.title}</legend>
      <Field label={t('minutes.notes')} limit={{ length: props.notes.length, max: MAX.notes }}>
        {(id, hint) => (
          <textarea
            id={id}
            rows={4}
            value={props.notes}
            maxLength={MAX.notes}
            aria-describedby={hint}
            onChange={(e) => props.onNotes(e.target.value)}
          />
        )}
      </Field>
      {props.decisions.map(({ d, i }, n) => (
        <div key={i} className="decision" role="group" aria-label={t('minutes.decisionN', { n: n + 1 })}>
          <Field label={t('minutes.decision')} limit={{ length: d.text.length, max: MAX.decision }}>
            {(id, hint) => (
              <textarea
                id={id}
                rows={2}
                autoFocus={added && n === props.decisions.length - 1}
                {...invalid(!!props.missing && decisionBegun(d) && !d.text.trim(), props.missing ?? '')}
                value={d.text}
                maxLength={MAX.decision}
                aria-describedby={hint}
                onChange={(e) => props.onDecision(i, { text: e.target.value })}
              />
            )}
          </Field>
          <div className="field-row">
            {(['votesFor', 'votesAgainst', 'abstentions'] as const).map((k) => (
              <Field key={k} label={t(`minutes.${k}`)}>
                {(id) => (
                  <NumberInput
                    id={id}
                    min={0}
                    value={d[k]}
                    onChange={(value) => props.onDecision(i, { [k]: value })}
                  />
                )}
              </Field>
            ))}
          </div>
          {/* Said here, beside the counts: the submission refuses it (votes_exceed_present). */}
          {props.present > 0 && votesOf(d) > props.present ? (
            <p className="alert alert-error" role="status">
              {t('minutes.overcounted', {
                votes: format.number(votesOf(d)),
                present: format.number(props.present),
              })}
            </p>
          ) : null}
          <button
            type="button"
            aria-label={t('minutes.removeDecisionOf', { n: n + 1, item: props.title })}
            onClick={() => {
              props.onRemoveDecision(i);
              add.current?.focus();
            }}
          >
            {t('minutes.removeDecision', { n: n + 1 })}
          </button>
        </div>
      ))}
      <button
        type="button"
        ref={add}
        // Each agenda item has one: its name says which (a screen reader's list of buttons).
        aria-label={t('minutes.addDecisionTo', { item: props.title })}
        onClick={() => {
          setAdded(true);
          props.onAddDecision();
        }}
      >
        {t('minutes.addDecision')}
      </button>
    </fieldset>
  );
}

/** The minutes as saved, for readers (and once submitted). */
export function MinutesView({ meeting: m, minutes }: { meeting: Meeting; minutes: Minutes }) {
  const { t, i18n } = useTranslation('meetings');
  const format = useFormat();
  const voteText = useVoteText();
  const notes = draftOf(minutes).notes;
  const owner = (userId: string) =>
    displayName(
      m.participants.find((p) => p.userId === userId),
      i18n.language,
    );
  if (minutes.revision === 0) return <p className="muted">{t('minutes.none')}</p>;
  return (
    <div className="minutes">
      <p className="muted">{t(`minutesStatus.${minutes.status}`)}</p>
      {flatten(m.agenda).map(({ item }) => (
        <section
          key={item.id}
          className="minutes-item"
          aria-label={`${format.digits(item.number)} ${item.title}`}
        >
          <h3>
            {format.digits(item.number)} {item.title}
          </h3>
          <p className="compare-text">{notes[item.id] ?? ''}</p>
          {minutes.decisions
            .filter((d) => d.agendaItemId === item.id)
            .map((d, n) => (
              <p key={n}>
                <strong>
                  {t('minutes.decision')}
                  {t('common:colon')}
                </strong>{' '}
                {d.text} {voteText(d)}
              </p>
            ))}
        </section>
      ))}
      {minutes.actionItems.length ? (
        <>
          <h3>{t('minutes.actionItems')}</h3>
          <ul className="plain-list">
            {minutes.actionItems.map((a) => (
              <li key={a.id}>
                {a.text} — {owner(a.ownerUserId)} · {format.date(a.dueOn)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
