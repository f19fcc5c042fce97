import './elections.css';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type Dispatch,
  type FormEvent,
  type SetStateAction,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { type Schemas, api, call } from '../../api/client';
import { useSession } from '../../auth/session';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ListFoot } from '../../components/ListFoot';
import { Field } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { displayName, localName } from '../../components/names';
import { useFormat } from '../../i18n/format';
import { Board as BoardView } from './AdminControls';
import { BoardMeetings } from './BoardMeetings';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ElectionList } from './ElectionList';
import { MembersImport } from './MembersImport';
import { Fold } from '../../components/Fold';
import { Outcome, useOutcome } from '../../components/Outcome';
import { type ElectionTemplate, getAssociation, membershipOf } from './api';
import { useCount } from './counts';
import { ministryInstant, minuteAfter } from '../../i18n/khmer-format';

/**
 * An association for its members: members (active / retired, search), terms with their boards,
 * elections. Its admins also import members, create terms; its committee creates elections.
 */
export function AssociationPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation('elections');
  const session = useSession();
  const association = useQuery({ queryKey: ['association', id], queryFn: () => getAssociation(id) });
  const terms = useTerms(id);
  if (association.isPending) return <Loading />;
  if (association.isError) {
    return (
      <Page title={t('association.title')}>
        <ErrorMessage error={association.error} />
      </Page>
    );
  }
  const a = association.data;
  const membership = membershipOf(a);
  const systemAdmin = session.status === 'signedIn' && session.user.roles.includes('admin');
  const isAdmin = systemAdmin || membership?.role === 'admin';
  // Elections are run by the association's own admins and committee, not a system administrator.
  const mayRun = membership?.role === 'admin' || membership?.role === 'committee';
  return (
    <Page title={displayName(a, i18n.language)}>
      <Elections associationId={id} mayRun={mayRun} />
      <BoardMeetings association={a} terms={terms.data?.items} />
      <Terms associationId={id} isAdmin={isAdmin} />
      <section className="panel" aria-labelledby="members-title">
        <h2 id="members-title">{t('members.title')}</h2>
        {isAdmin ? <MembersImport associationId={id} /> : null}
        <Members associationId={id} isAdmin={isAdmin} />
      </section>
    </Page>
  );
}

type Member = Schemas['AssociationMemberDto'];

function Members({ associationId, isAdmin }: { associationId: string; isAdmin: boolean }) {
  const { t, i18n } = useTranslation('elections');
  const [editing, setEditing] = useState<Member | null>(null);
  const [saved, say] = useOutcome<'saved'>();
  const [savedText, setSavedText] = useState('');
  const [status, setStatus] = useState<'' | 'active' | 'retired'>('');
  const [search, setSearch] = useState('');
  const statusId = useId();
  const format = useFormat();
  // A page at a time (60 members made a 7,000 px phone page); "Show more" adds the next.
  const members = useInfiniteQuery({
    queryKey: ['association', associationId, 'members', 'pages', status, search],
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/associations/{id}/members', {
          params: {
            path: { id: associationId },
            query: {
              limit: MEMBERS_PAGE,
              ...(status ? { status } : {}),
              ...(search.trim() ? { search: search.trim() } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const shown = members.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <Outcome said={saved}>{savedText}</Outcome>
      {editing ? (
        <MemberEditor
          key={editing.id}
          associationId={associationId}
          member={editing}
          onDone={(changed) => {
            setEditing(null);
            if (!changed) return;
            setSavedText(
              t('members.saved', {
                name: displayName(changed, i18n.language),
                status: t(`members.${changed.status}`),
                role: t(`members.roles.${changed.role}`),
              }),
            );
            say('saved');
          }}
        />
      ) : null}
      <div className="field-row">
        <div className="field">
          <label htmlFor={statusId}>{t('members.status')}</label>
          <select id={statusId} value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
            <option value="">{t('members.all')}</option>
            <option value="active">{t('members.active')}</option>
            <option value="retired">{t('members.retired')}</option>
          </select>
        </div>
        <Field label={t('members.search')} type="search" value={search} onChange={setSearch} />
      </div>
      {members.isPending ? (
        <Loading />
      ) : members.isError && !members.data ? (
        <ErrorMessage error={members.error} />
      ) : shown.length === 0 ? (
        <p className="muted">{t('members.none')}</p>
      ) : (
        <>
          <div
            className="table-wrap members-table"
            role="region"
            aria-label={t('members.tableRegion')}
            tabIndex={0}
          >
            <table>
              <caption>{t('members.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('members.name')}</th>
                  <th scope="col">{t('members.statusAndRole')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((m) => (
                  <tr key={m.id}>
                    {/* Two columns, each with more lines: four did not fit a phone (329 px in 302). */}
                    <td className="person">
                      {displayName(m, i18n.language)}
                      {m.unitName || m.unitNameKm ? (
                        <span className="person-unit">
                          {localName(m.unitName, m.unitNameKm, i18n.language)}
                        </span>
                      ) : null}
                      {m.memberNo ? (
                        <span className="person-id">{t('members.numberIs', { number: m.memberNo })}</span>
                      ) : null}
                      {/* Sign-in names: only those who manage members get them from the API. */}
                      {m.username ? <span className="person-id">{m.username}</span> : null}
                    </td>
                    <td>
                      {t(`members.${m.status}`)}
                      {m.boardRole ? (
                        <span className="member-role">
                          {t('members.onTheBoard', { role: t(`board.roles.${m.boardRole}`) })}
                        </span>
                      ) : null}
                      {m.role !== 'member' ? (
                        <span className="member-role">{t(`members.roles.${m.role}`)}</span>
                      ) : null}
                      {isAdmin ? (
                        <button
                          type="button"
                          className="member-change"
                          aria-label={t('members.changeWho', { name: displayName(m, i18n.language) })}
                          onClick={() => setEditing(m)}
                        >
                          {t('members.change')}
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ListFoot
            query={members}
            count={
              members.hasNextPage
                ? t('members.shownMore', { count: shown.length, n: format.number(shown.length) })
                : t('members.shownAll', { count: shown.length, n: format.number(shown.length) })
            }
          />
        </>
      )}
    </>
  );
}

const MEMBERS_PAGE = 25;

/**
 * One member's status (active or retired: who may vote) and role in the association, changed by
 * its admin, in a dialog. `onDone(member)` with the member as saved, or null when cancelled.
 */
function MemberEditor({
  associationId,
  member: m,
  onDone,
}: {
  associationId: string;
  member: Member;
  onDone: (changed: Member | null) => void;
}) {
  const { t, i18n } = useTranslation('elections');
  const client = useQueryClient();
  const session = useSession();
  const statusId = useId();
  const roleId = useId();
  const [status, setStatus] = useState(m.status);
  const [role, setRole] = useState(m.role);
  const own = session.status === 'signedIn' && session.user.id === m.userId && m.role === 'admin';
  const save = useMutation({
    mutationFn: () =>
      call(
        api.PATCH('/api/v1/associations/{id}/members/{userId}', {
          params: { path: { id: associationId, userId: m.userId } },
          body: { status, role },
        }),
      ),
    onSuccess: async (changed) => {
      // The list, the association (my own role, when it was mine) and whatever reads its members.
      await client.invalidateQueries({ queryKey: ['association', associationId] });
      onDone(changed);
    },
  });
  return (
    <ConfirmDialog
      open
      title={t('members.changeTitle', { name: displayName(m, i18n.language) })}
      confirmLabel={t('members.save')}
      busy={save.isPending}
      onConfirm={() => save.mutate()}
      onCancel={() => onDone(null)}
    >
      <div className="form">
        <div className="field">
          <label htmlFor={statusId}>{t('members.status')}</label>
          <select
            id={statusId}
            value={status}
            onChange={(e) => setStatus(e.target.value as Member['status'])}
          >
            <option value="active">{t('members.active')}</option>
            <option value="retired">{t('members.retired')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={roleId}>{t('members.role')}</label>
          <select id={roleId} value={role} onChange={(e) => setRole(e.target.value as Member['role'])}>
            {(['member', 'committee', 'admin'] as const).map((r) => (
              <option key={r} value={r}>
                {t(`members.roles.${r}`)}
              </option>
            ))}
          </select>
        </div>
        {own && role !== 'admin' ? (
          <p className="alert alert-info" role="status">
            {t('members.ownRole')}
          </p>
        ) : null}
        <ErrorMessage error={save.error} />
      </div>
    </ConfirmDialog>
  );
}

const termsKey = (associationId: string) => ['association', associationId, 'terms'];

/** The association's terms (the list, and the new election's choice of term). */
function useTerms(associationId: string) {
  return useQuery({
    queryKey: termsKey(associationId),
    queryFn: () =>
      call(api.GET('/api/v1/associations/{id}/terms', { params: { path: { id: associationId } } })),
  });
}

/** A setter per field of a form held as one state object, for `Field`'s `onChange`. */
function fieldSetter<F>(setForm: Dispatch<SetStateAction<F>>) {
  return (k: keyof F) => (value: string) => setForm((f) => ({ ...f, [k]: value }));
}

function Terms({ associationId, isAdmin }: { associationId: string; isAdmin: boolean }) {
  const { t } = useTranslation('elections');
  const format = useFormat();
  const count = useCount();
  const terms = useTerms(associationId);
  return (
    <section className="panel" aria-labelledby="terms-title">
      <h2 id="terms-title">{t('terms.title')}</h2>
      {terms.isPending ? (
        <Loading />
      ) : terms.isError ? (
        <ErrorMessage error={terms.error} />
      ) : terms.data.items.length === 0 ? (
        <p className="muted">{t('terms.none')}</p>
      ) : (
        <ul className="item-list">
          {terms.data.items.map((term) => (
            <li key={term.id}>
              <Link className="item-title" to={`/associations/${associationId}/terms/${term.id}/board`}>
                {t('terms.board', { n: format.number(term.number) })}
              </Link>
              <span className="item-meta">
                {t('terms.dates', { from: format.date(term.startsOn), until: format.date(term.endsOn) })} ·{' '}
                {count('boardSeats', term.boardSeats)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {isAdmin ? <NewTerm associationId={associationId} /> : null}
    </section>
  );
}

function NewTerm({ associationId }: { associationId: string }) {
  const { t } = useTranslation('elections');
  const client = useQueryClient();
  const [form, setForm] = useState({ number: '', startsOn: '', endsOn: '', boardSeats: '' });
  const [done, setDone] = useState(false);
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/associations/{id}/terms', {
          params: { path: { id: associationId } },
          body: {
            number: Number(form.number),
            startsOn: form.startsOn,
            endsOn: form.endsOn,
            boardSeats: Number(form.boardSeats),
          },
        }),
      ),
    onSuccess: async () => {
      setDone(true);
      setForm({ number: '', startsOn: '', endsOn: '', boardSeats: '' });
      await client.invalidateQueries({ queryKey: termsKey(associationId) });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    create.mutate();
  };
  const set = fieldSetter(setForm);
  return (
    <Fold title={t('terms.new')}>
      <form className="form" onSubmit={submit} aria-label={t('terms.new')}>
        <div className="field-row">
          <Field
            label={t('terms.number')}
            type="number"
            min={1}
            required
            value={form.number}
            onChange={set('number')}
          />
          <Field
            label={t('terms.boardSeats')}
            type="number"
            min={1}
            required
            value={form.boardSeats}
            onChange={set('boardSeats')}
          />
        </div>
        <div className="field-row">
          <Field
            label={t('terms.startsOn')}
            type="date"
            required
            value={form.startsOn}
            onChange={set('startsOn')}
          />
          <Field
            label={t('terms.endsOn')}
            type="date"
            required
            value={form.endsOn}
            onChange={set('endsOn')}
          />
        </div>
        <ErrorMessage error={create.error} />
        <button type="submit" className="button-primary" disabled={create.isPending}>
          {t('terms.create')}
        </button>
        <p role="status">{done ? t('terms.created') : ''}</p>
      </form>
    </Fold>
  );
}

function Elections({ associationId, mayRun }: { associationId: string; mayRun: boolean }) {
  const { t } = useTranslation('elections');
  const elections = useQuery({
    queryKey: ['associations', associationId, 'elections'],
    queryFn: () =>
      call(api.GET('/api/v1/associations/{id}/elections', { params: { path: { id: associationId } } })),
  });
  return (
    <section className="panel" aria-labelledby="assoc-elections-title">
      <h2 id="assoc-elections-title">{t('list.title')}</h2>
      <ElectionList query={elections} />
      {mayRun ? <NewElection associationId={associationId} /> : null}
    </section>
  );
}

function NewElection({ associationId }: { associationId: string }) {
  const { t } = useTranslation('elections');
  const format = useFormat();
  const count = useCount();
  const navigate = useNavigate();
  const client = useQueryClient();
  const template = (useLocation().state as { newElectionFrom?: ElectionTemplate } | null)?.newElectionFrom;
  const formRef = useRef<HTMLFormElement>(null);
  const termId = useId();
  const tieId = useId();
  const terms = useTerms(associationId);
  const [form, setForm] = useState({
    termId: template?.termId ?? '',
    title: template?.title ?? '',
    titleKm: template?.titleKm ?? '',
    seats: template ? String(template.seats) : '',
    maxChoices: template ? String(template.maxChoices) : '',
    nominationsOpenAt: '',
    votingOpensAt: '',
    votingClosesAt: '',
    quorumPercent: template?.quorumPercent != null ? String(template.quorumPercent) : '',
    tieBreak: template?.tieBreak ?? ('lot' as 'lot' | 'runoff'),
  });
  const [statuses, setStatuses] = useState<('active' | 'retired')[]>(
    template?.eligibleStatuses ?? ['active'],
  );
  const [asking, setAsking] = useState(false);
  useEffect(() => {
    // Opened from another election: the form is where the user goes next.
    if (template) formRef.current?.scrollIntoView({ block: 'start' });
  }, [template]);
  const chosenTermId = form.termId || terms.data?.items.at(-1)?.id || '';
  const term = terms.data?.items.find((x) => x.id === chosenTermId);
  const seats = Number(form.seats);
  const sizeChange = term && form.seats && seats > 0 && seats !== term.boardSeats;
  const sizeNote = sizeChange
    ? t('boardSize.note', {
        term: format.number(term.number),
        boardSeats: count('boardSeats', term.boardSeats),
        seats: count('seats', seats),
        elected: count('people', seats),
      })
    : '';
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/associations/{id}/elections', {
          params: { path: { id: associationId } },
          body: {
            termId: chosenTermId,
            // One title is enough, in either language: a Khmer one alone is the title for everyone.
            title: form.title.trim() || form.titleKm.trim(),
            titleKm: form.titleKm.trim() || null,
            seats,
            ...(form.maxChoices ? { maxChoices: Number(form.maxChoices) } : {}),
            eligibleStatuses: statuses,
            ...(form.nominationsOpenAt ? { nominationsOpenAt: ministryInstant(form.nominationsOpenAt) } : {}),
            votingOpensAt: ministryInstant(form.votingOpensAt),
            votingClosesAt: ministryInstant(form.votingClosesAt),
            ...(form.quorumPercent ? { quorumPercent: Number(form.quorumPercent) } : {}),
            tieBreak: form.tieBreak,
          },
        }),
      ),
    onSuccess: async (e) => {
      setAsking(false);
      await client.invalidateQueries({ queryKey: ['associations', associationId, 'elections'] });
      await navigate(`/elections/${e.id}`);
    },
    onError: () => setAsking(false),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // A board of another size than the term's is asked about first: certifying it replaces the whole board.
    if (sizeChange) setAsking(true);
    else create.mutate();
  };
  const set = fieldSetter(setForm);
  const toggle = (s: 'active' | 'retired', on: boolean) =>
    setStatuses((c) => (on ? [...new Set([...c, s])] : c.filter((x) => x !== s)));
  if (terms.data && terms.data.items.length === 0)
    return <p className="muted">{t('newElection.needTerm')}</p>;
  return (
    <Fold title={t('newElection.title')} open={!!template}>
      <form ref={formRef} className="form" onSubmit={submit} aria-label={t('newElection.title')}>
        <div className="field">
          <label htmlFor={termId}>{t('newElection.term')}</label>
          <select id={termId} value={chosenTermId} onChange={(e) => set('termId')(e.target.value)}>
            {terms.data?.items.map((x) => (
              <option key={x.id} value={x.id}>
                {t('board.term', { n: format.number(x.number) })}
              </option>
            ))}
          </select>
        </div>
        <Field
          label={t('newElection.electionTitleKm')}
          lang="km"
          maxLength={300}
          help={t('newElection.titlesHelp')}
          value={form.titleKm}
          onChange={set('titleKm')}
        />
        <Field
          label={t('newElection.electionTitle')}
          lang="en"
          maxLength={300}
          // Required while the Khmer one is empty: one title is needed, in either language.
          required={!form.titleKm.trim()}
          value={form.title}
          onChange={set('title')}
        />
        <div className="field-row">
          <Field
            label={t('newElection.seats')}
            type="number"
            min={1}
            required
            value={form.seats}
            onChange={set('seats')}
          />
          <Field
            label={t('newElection.maxChoices')}
            type="number"
            min={1}
            value={form.maxChoices}
            onChange={set('maxChoices')}
          />
        </div>
        {sizeNote ? <p className="alert alert-info">{sizeNote}</p> : null}
        <fieldset className="field">
          <legend>{t('newElection.whoVotes')}</legend>
          {(['active', 'retired'] as const).map((s) => (
            <label key={s} className="ballot-choice">
              <input
                type="checkbox"
                checked={statuses.includes(s)}
                onChange={(e) => toggle(s, e.target.checked)}
              />
              <span>{t(`members.${s}`)}</span>
            </label>
          ))}
        </fieldset>
        <Field
          label={t('newElection.nominationsOpenAt')}
          type="datetime-local"
          value={form.nominationsOpenAt}
          onChange={set('nominationsOpenAt')}
        />
        <div className="field-row">
          <Field
            label={t('schedule.opens')}
            type="datetime-local"
            required
            value={form.votingOpensAt}
            onChange={set('votingOpensAt')}
          />
          <Field
            label={t('schedule.closes')}
            type="datetime-local"
            required
            min={minuteAfter(form.votingOpensAt) || undefined}
            value={form.votingClosesAt}
            onChange={set('votingClosesAt')}
          />
        </div>
        <div className="field-row">
          <Field
            label={t('newElection.quorum')}
            type="number"
            min={0}
            max={100}
            step="any"
            value={form.quorumPercent}
            onChange={set('quorumPercent')}
          />
          <div className="field">
            <label htmlFor={tieId}>{t('newElection.tieBreak')}</label>
            <select id={tieId} value={form.tieBreak} onChange={(e) => set('tieBreak')(e.target.value)}>
              <option value="lot">{t('newElection.lot')}</option>
              <option value="runoff">{t('newElection.runoff')}</option>
            </select>
          </div>
        </div>
        <ErrorMessage error={create.error} />
        <button type="submit" className="button-primary" disabled={create.isPending || statuses.length === 0}>
          {t('newElection.create')}
        </button>
      </form>
      <ConfirmDialog
        open={asking}
        title={t('boardSize.askTitle')}
        confirmLabel={t('boardSize.confirm')}
        busy={create.isPending}
        onConfirm={() => create.mutate()}
        onCancel={() => setAsking(false)}
      >
        <p>{sizeNote}</p>
      </ConfirmDialog>
    </Fold>
  );
}

/** The board of a term, installed by certification. */
export function BoardPage() {
  const { id = '', termId = '' } = useParams();
  const { t, i18n } = useTranslation('elections');
  const session = useSession();
  const association = useQuery({ queryKey: ['association', id], queryFn: () => getAssociation(id) });
  const name = association.data ? displayName(association.data, i18n.language) : '';
  const systemAdmin = session.status === 'signedIn' && session.user.roles.includes('admin');
  const isAdmin = systemAdmin || membershipOf(association.data)?.role === 'admin';
  return (
    <Page title={t('board.pageTitle', { name })}>
      <p>
        <Link to={`/associations/${id}`}>{name || t('association.title')}</Link>
      </p>
      <BoardView associationId={id} termId={termId} mayAssignRoles={isAdmin} />
    </Page>
  );
}
