import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, call } from '../../api/client';
import { useSession } from '../../auth/session';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { displayName } from '../../components/names';
import { useFormat } from '../../i18n/format';
import { Board as BoardView } from './AdminControls';
import { MembersImport } from './MembersImport';
import { getAssociation, membershipOf } from './api';

/**
 * An association for its members: members (active / retired, search), terms with their boards,
 * elections. Its admins also import members, create terms; its committee creates elections.
 */
export function AssociationPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation('elections');
  const session = useSession();
  const association = useQuery({ queryKey: ['association', id], queryFn: () => getAssociation(id) });
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
  const mayRun = isAdmin || membership?.role === 'committee';
  return (
    <Page title={displayName(a, i18n.language)}>
      <Elections associationId={id} mayRun={mayRun} />
      <Terms associationId={id} isAdmin={isAdmin} />
      <section className="panel" aria-labelledby="members-title">
        <h2 id="members-title">{t('members.title')}</h2>
        {isAdmin ? <MembersImport associationId={id} /> : null}
        <Members associationId={id} />
      </section>
    </Page>
  );
}

function Members({ associationId }: { associationId: string }) {
  const { t, i18n } = useTranslation('elections');
  const [status, setStatus] = useState<'' | 'active' | 'retired'>('');
  const [search, setSearch] = useState('');
  const statusId = useId();
  const searchId = useId();
  const members = useQuery({
    queryKey: ['association', associationId, 'members', status, search],
    queryFn: () =>
      call(
        api.GET('/api/v1/associations/{id}/members', {
          params: {
            path: { id: associationId },
            query: {
              limit: 200,
              ...(status ? { status } : {}),
              ...(search.trim() ? { search: search.trim() } : {}),
            },
          },
        }),
      ),
  });
  return (
    <>
      <div className="field-row">
        <div className="field">
          <label htmlFor={statusId}>{t('members.status')}</label>
          <select id={statusId} value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
            <option value="">{t('members.all')}</option>
            <option value="active">{t('members.active')}</option>
            <option value="retired">{t('members.retired')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={searchId}>{t('members.search')}</label>
          <input id={searchId} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
      </div>
      {members.isPending ? (
        <Loading />
      ) : members.isError ? (
        <ErrorMessage error={members.error} />
      ) : members.data.items.length === 0 ? (
        <p className="muted">{t('members.none')}</p>
      ) : (
        <div className="table-wrap" role="region" aria-label={t('members.caption')} tabIndex={0}>
          <table>
            <caption>{t('members.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('members.name')}</th>
                <th scope="col">{t('members.number')}</th>
                <th scope="col">{t('members.status')}</th>
                <th scope="col">{t('members.role')}</th>
              </tr>
            </thead>
            <tbody>
              {members.data.items.map((m) => (
                <tr key={m.id}>
                  <td>
                    {displayName(m, i18n.language)} <span className="muted">({m.username})</span>
                  </td>
                  <td>{m.memberNo ?? ''}</td>
                  <td>{t(`members.${m.status}`)}</td>
                  <td>{t(`members.roles.${m.role}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function Terms({ associationId, isAdmin }: { associationId: string; isAdmin: boolean }) {
  const { t } = useTranslation('elections');
  const format = useFormat();
  const terms = useQuery({
    queryKey: ['association', associationId, 'terms'],
    queryFn: () =>
      call(api.GET('/api/v1/associations/{id}/terms', { params: { path: { id: associationId } } })),
  });
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
                {t('terms.seats', { n: format.number(term.boardSeats) })}
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
  const ids = { number: useId(), from: useId(), until: useId(), seats: useId() };
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
      await client.invalidateQueries({ queryKey: ['association', associationId, 'terms'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    create.mutate();
  };
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));
  return (
    <form className="form" onSubmit={submit} aria-label={t('terms.new')}>
      <h3>{t('terms.new')}</h3>
      <div className="field-row">
        <div className="field">
          <label htmlFor={ids.number}>{t('terms.number')}</label>
          <input
            id={ids.number}
            type="number"
            min={1}
            required
            value={form.number}
            onChange={set('number')}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.seats}>{t('terms.boardSeats')}</label>
          <input
            id={ids.seats}
            type="number"
            min={1}
            required
            value={form.boardSeats}
            onChange={set('boardSeats')}
          />
        </div>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={ids.from}>{t('terms.startsOn')}</label>
          <input id={ids.from} type="date" required value={form.startsOn} onChange={set('startsOn')} />
        </div>
        <div className="field">
          <label htmlFor={ids.until}>{t('terms.endsOn')}</label>
          <input id={ids.until} type="date" required value={form.endsOn} onChange={set('endsOn')} />
        </div>
      </div>
      <ErrorMessage error={create.error} />
      <button type="submit" className="button-primary" disabled={create.isPending}>
        {t('terms.create')}
      </button>
      <p role="status">{done ? t('terms.created') : ''}</p>
    </form>
  );
}

function Elections({ associationId, mayRun }: { associationId: string; mayRun: boolean }) {
  const { t } = useTranslation('elections');
  const format = useFormat();
  const elections = useQuery({
    queryKey: ['associations', associationId, 'elections'],
    queryFn: () =>
      call(api.GET('/api/v1/associations/{id}/elections', { params: { path: { id: associationId } } })),
  });
  return (
    <section className="panel" aria-labelledby="assoc-elections-title">
      <h2 id="assoc-elections-title">{t('list.title')}</h2>
      {elections.isPending ? (
        <Loading />
      ) : elections.isError ? (
        <ErrorMessage error={elections.error} />
      ) : elections.data.items.length === 0 ? (
        <p className="muted">{t('list.none')}</p>
      ) : (
        <ul className="item-list">
          {elections.data.items.map((e) => (
            <li key={e.id}>
              <Link to={`/elections/${e.id}`} className="item-title">
                {e.title}
              </Link>
              <span className="item-meta">
                <span className={`badge badge-election-${e.status}`}>{t(`status.${e.status}`)}</span>
                <span>
                  {t('list.window', {
                    from: format.dateTime(e.votingOpensAt),
                    until: format.dateTime(e.votingClosesAt),
                  })}
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
      {mayRun ? <NewElection associationId={associationId} /> : null}
    </section>
  );
}

/** A `datetime-local` value (the user's local time) as an ISO instant. */
const instant = (local: string) => new Date(local).toISOString();

function NewElection({ associationId }: { associationId: string }) {
  const { t } = useTranslation('elections');
  const format = useFormat();
  const navigate = useNavigate();
  const client = useQueryClient();
  const ids = {
    term: useId(),
    title: useId(),
    seats: useId(),
    max: useId(),
    nominations: useId(),
    opens: useId(),
    closes: useId(),
    quorum: useId(),
    tie: useId(),
  };
  const terms = useQuery({
    queryKey: ['association', associationId, 'terms'],
    queryFn: () =>
      call(api.GET('/api/v1/associations/{id}/terms', { params: { path: { id: associationId } } })),
  });
  const [form, setForm] = useState({
    termId: '',
    title: '',
    seats: '',
    maxChoices: '',
    nominationsOpenAt: '',
    votingOpensAt: '',
    votingClosesAt: '',
    quorumPercent: '',
    tieBreak: 'lot' as 'lot' | 'runoff',
  });
  const [statuses, setStatuses] = useState<('active' | 'retired')[]>(['active']);
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/associations/{id}/elections', {
          params: { path: { id: associationId } },
          body: {
            termId: form.termId || terms.data?.items.at(-1)?.id || '',
            title: form.title,
            seats: Number(form.seats),
            ...(form.maxChoices ? { maxChoices: Number(form.maxChoices) } : {}),
            eligibleStatuses: statuses,
            ...(form.nominationsOpenAt ? { nominationsOpenAt: instant(form.nominationsOpenAt) } : {}),
            votingOpensAt: instant(form.votingOpensAt),
            votingClosesAt: instant(form.votingClosesAt),
            ...(form.quorumPercent ? { quorumPercent: Number(form.quorumPercent) } : {}),
            tieBreak: form.tieBreak,
          },
        }),
      ),
    onSuccess: async (e) => {
      await client.invalidateQueries({ queryKey: ['associations', associationId, 'elections'] });
      await navigate(`/elections/${e.id}`);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));
  const toggle = (s: 'active' | 'retired', on: boolean) =>
    setStatuses((c) => (on ? [...new Set([...c, s])] : c.filter((x) => x !== s)));
  if (terms.data && terms.data.items.length === 0)
    return <p className="muted">{t('newElection.needTerm')}</p>;
  return (
    <form className="form" onSubmit={submit} aria-label={t('newElection.title')}>
      <h3>{t('newElection.title')}</h3>
      <div className="field">
        <label htmlFor={ids.term}>{t('newElection.term')}</label>
        <select
          id={ids.term}
          value={form.termId || terms.data?.items.at(-1)?.id || ''}
          onChange={set('termId')}
        >
          {terms.data?.items.map((term) => (
            <option key={term.id} value={term.id}>
              {t('board.term', { n: format.number(term.number) })}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.title}>{t('newElection.electionTitle')}</label>
        <input id={ids.title} required maxLength={300} value={form.title} onChange={set('title')} />
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={ids.seats}>{t('newElection.seats')}</label>
          <input id={ids.seats} type="number" min={1} required value={form.seats} onChange={set('seats')} />
        </div>
        <div className="field">
          <label htmlFor={ids.max}>{t('newElection.maxChoices')}</label>
          <input id={ids.max} type="number" min={1} value={form.maxChoices} onChange={set('maxChoices')} />
        </div>
      </div>
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
      <div className="field">
        <label htmlFor={ids.nominations}>{t('newElection.nominationsOpenAt')}</label>
        <input
          id={ids.nominations}
          type="datetime-local"
          value={form.nominationsOpenAt}
          onChange={set('nominationsOpenAt')}
        />
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={ids.opens}>{t('schedule.opens')}</label>
          <input
            id={ids.opens}
            type="datetime-local"
            required
            value={form.votingOpensAt}
            onChange={set('votingOpensAt')}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.closes}>{t('schedule.closes')}</label>
          <input
            id={ids.closes}
            type="datetime-local"
            required
            value={form.votingClosesAt}
            onChange={set('votingClosesAt')}
          />
        </div>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={ids.quorum}>{t('newElection.quorum')}</label>
          <input
            id={ids.quorum}
            type="number"
            min={0}
            max={100}
            step="any"
            value={form.quorumPercent}
            onChange={set('quorumPercent')}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.tie}>{t('newElection.tieBreak')}</label>
          <select id={ids.tie} value={form.tieBreak} onChange={set('tieBreak')}>
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
  );
}

/** The board of a term, installed by certification. */
export function BoardPage() {
  const { id = '', termId = '' } = useParams();
  const { t, i18n } = useTranslation('elections');
  const association = useQuery({ queryKey: ['association', id], queryFn: () => getAssociation(id) });
  const name = association.data ? displayName(association.data, i18n.language) : '';
  return (
    <Page title={t('board.pageTitle', { name })}>
      <p>
        <Link to={`/associations/${id}`}>{name || t('association.title')}</Link>
      </p>
      <BoardView associationId={id} termId={termId} />
    </Page>
  );
}
