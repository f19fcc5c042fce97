import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import { userQuery } from '../../components/userQuery';
import { useDocumentTypeName, useDocumentTypes } from '../../components/documentTypes';
import { updateUser, useSession } from '../../auth/session';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LanguageSelect } from '../../components/LanguageSelect';
import { Page } from '../../components/Page';
import { displayName } from '../../components/names';
import { NotificationChannelsSection } from './NotificationChannelsSection';
import { PasswordSection } from './PasswordSection';
import { overlapping } from './delegation-overlap';
import { ministryInstant, todayInPhnomPenh } from '../../i18n/khmer-format';
import { Outcome, useOutcome } from '../../components/Outcome';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ActingForList, DelegationLine, delegationsKey, useDelegations } from '../../components/ActingFor';

export function SettingsPage() {
  const { t } = useTranslation(['settings', 'channels']);
  // On a phone the page is long (a row per kind of notice): what people come for is linked at the
  // top, and the delegation a director sets before leaving comes first, not under the notices.
  const sections: [string, string][] = [
    ['delegation-title', t('delegation.title')],
    ['email-title', t('email.title')],
    ['password-title', t('password.title')],
    ['channels-title', t('channels:channels.title')],
  ];
  return (
    <Page title={t('title')}>
      <nav className="page-toc" aria-label={t('onThisPage')}>
        {sections.map(([id, title]) => (
          <a key={id} href={`#${id}`}>
            {title}
          </a>
        ))}
      </nav>
      <section className="panel" aria-labelledby="lang-title">
        <h2 id="lang-title">{t('language')}</h2>
        <LanguageSelect />
      </section>
      <DelegationForm />
      <EmailForm />
      <PasswordSection />
      <NotificationChannelsSection />
    </Page>
  );
}

function EmailForm() {
  const { t } = useTranslation('settings');
  const session = useSession();
  const user = session.status === 'signedIn' ? session.user : null;
  const [email, setEmail] = useState(user?.email ?? '');
  const save = useMutation({
    mutationFn: () => call(api.PATCH('/api/v1/me', { body: { email: email.trim() || null } })),
    onSuccess: (me) => user && updateUser({ ...user, ...me }),
  });
  return (
    <section className="panel" aria-labelledby="email-title">
      <h2 id="email-title">{t('email.title')}</h2>
      <ErrorMessage error={save.error} />
      {save.isSuccess ? (
        <p className="alert alert-info" role="status">
          {/* An address emptied (or only spaces) is removed: said so, not a plain "saved". */}
          {save.data.email ? t('saved') : t('email.removed')}
        </p>
      ) : null}
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <div className="field">
          <label htmlFor="email">{t('email.label')}</label>
          <input
            id="email"
            type="email"
            autoComplete="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <button type="submit" disabled={save.isPending}>
          {t('email.save')}
        </button>
      </form>
    </section>
  );
}

// The ministry's today (a delegation from 02:00 in Phnom Penh starts today, not yesterday in UTC).
const today = () => todayInPhnomPenh();

function DelegationForm() {
  const { t, i18n } = useTranslation('settings');
  const client = useQueryClient();
  const session = useSession();
  const me = session.status === 'signedIn' ? session.user.id : '';
  const [search, setSearch] = useState('');
  const [delegate, setDelegate] = useState('');
  const [from, setFrom] = useState(today());
  const [until, setUntil] = useState('');
  // One type of document (a budget plan...) or all: the delegate acts for me on those only.
  const [covers, setCovers] = useState('');
  // The delegation whose revocation is being asked about (what waits with the delegate comes back).
  const [revoking, setRevoking] = useState<string | null>(null);
  const types = useDocumentTypes();
  const users = useQuery({
    queryKey: ['users', 'search', search],
    queryFn: () =>
      call(
        api.GET('/api/v1/people', {
          params: { query: { search: search.trim() || undefined, limit: 50 } },
        }),
      ),
  });
  const delegations = useDelegations();
  const [done, say, unsay] = useOutcome<'saved' | 'revoked'>();
  const save = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/delegations', {
          body: {
            toUserId: delegate,
            startsAt: ministryInstant(`${from}T00:00`),
            endsAt: ministryInstant(`${until}T23:59:59`),
            documentTypes: covers ? [covers] : undefined,
          },
        }),
      ),
    onSuccess: async () => {
      revoke.reset();
      // Saved, the form is empty again: kept filled, it read as still to be saved (and saved twice,
      // refused as made already).
      setSearch('');
      setDelegate('');
      setFrom(today());
      setUntil('');
      setCovers('');
      await client.invalidateQueries({ queryKey: delegationsKey });
      say('saved');
    },
    // An earlier "saved" beside this refusal would read as if this one had been saved.
    onError: () => unsay(),
  });
  const revoke = useMutation({
    mutationFn: (id: string) =>
      call(api.POST('/api/v1/delegations/{id}/revoke', { params: { path: { id } } })),
    onSuccess: async () => {
      save.reset();
      setRevoking(null);
      await client.invalidateQueries({ queryKey: delegationsKey });
      // The row and its button are gone: what was done is said, with focus on it.
      say('revoked');
    },
    onError: () => {
      setRevoking(null);
      unsay();
    },
  });
  const mine = (delegations.data ?? []).filter((d) => d.fromUserId === me && !d.revokedAt);
  // Each delegate by id, not from the search results above: those change with the search (and hold
  // 50 people at most), which showed a delegate as a bare id after a search for someone else.
  const delegates = useQueries({
    queries: [...new Set(mine.map((d) => d.toUserId))].map(userQuery),
  });
  const names = new Map(
    [...(users.data?.items ?? []), ...delegates.flatMap((q) => (q.data ? [q.data] : []))].map((u) => [
      u.id,
      displayName(u, i18n.language),
    ]),
  );
  const delegateName = (id: string) => names.get(id) ?? '…';
  // Said before saving: while two delegations hold, the newer is followed.
  const overlaps = until
    ? overlapping(mine, {
        toUserId: delegate,
        startsAt: ministryInstant(`${from}T00:00`),
        endsAt: ministryInstant(`${until}T23:59:59`),
        documentTypes: covers ? [covers] : null,
      })
    : [];
  const typeName = useDocumentTypeName();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <section className="panel" aria-labelledby="delegation-title">
      <h2 id="delegation-title">{t('delegation.title')}</h2>
      <p>{t('delegation.text')}</p>
      <ErrorMessage error={revoke.error} />
      <Outcome said={done}>
        {done?.key === 'revoked' && revoke.data?.takenBack ? (
          <>
            {t('delegation.revokedBack', { count: revoke.data.takenBack })}{' '}
            <Link to="/inbox">{t('delegation.openInbox')}</Link>
          </>
        ) : done ? (
          t(`delegation.${done.key}`)
        ) : null}
      </Outcome>
      <form className="form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="delegate-search">{t('delegation.find')}</label>
          <input
            id="delegate-search"
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="delegate">{t('delegation.delegate')}</label>
          <select
            id="delegate"
            required
            value={delegate}
            aria-describedby={users.data?.nextCursor ? 'delegate-more' : undefined}
            onChange={(e) => setDelegate(e.target.value)}
          >
            <option value="">{t('delegation.choose')}</option>
            {/* A colleague: someone of a unit (not the system's administrator account), not me. */}
            {(users.data?.items ?? [])
              .filter((u) => u.id !== me && u.orgUnit)
              .map((u) => (
                // The unit tells namesakes apart (sign-in names are the administrators').
                <option key={u.id} value={u.id}>
                  {displayName(u, i18n.language)} ({displayName(u.orgUnit, i18n.language)})
                </option>
              ))}
          </select>
          {/* The list holds the first 50: say so, or the others seem not to exist. */}
          {users.data?.nextCursor ? (
            <span id="delegate-more" className="muted">
              {t('delegation.more')}
            </span>
          ) : null}
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor="delegation-from">{t('delegation.from')}</label>
            <input
              id="delegation-from"
              type="date"
              required
              value={from}
              onChange={(e) => setFrom(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="delegation-until">{t('delegation.until')}</label>
            <input
              id="delegation-until"
              type="date"
              required
              min={from}
              value={until}
              onChange={(e) => setUntil(e.target.value)}
            />
          </div>
        </div>
        <div className="field">
          <label htmlFor="delegation-covers">{t('delegation.covers')}</label>
          <select id="delegation-covers" value={covers} onChange={(e) => setCovers(e.target.value)}>
            <option value="">{t('delegation.coversAll')}</option>
            {(types.data ?? []).map((type) => (
              <option key={type.code} value={type.code}>
                {typeName(type.code)}
              </option>
            ))}
          </select>
        </div>
        {overlaps.length ? (
          <div className="alert alert-info" role="status">
            <p>{t('delegation.overlaps', { count: overlaps.length })}</p>
            <ul>
              {overlaps.map((d) => (
                <li key={d.id}>
                  <DelegationLine delegation={d} name={delegateName(d.toUserId)} />
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {/* Beside its button, not above the form a phone's screen away. */}
        <ErrorMessage error={save.error} />
        <button type="submit" className="button-primary" disabled={save.isPending}>
          {t('delegation.save')}
        </button>
      </form>
      {mine.length ? (
        <>
          <h3 id="delegations-current">{t('delegation.current')}</h3>
          <ul className="item-list" aria-labelledby="delegations-current">
            {mine.map((d) => (
              <li key={d.id}>
                <span>
                  <DelegationLine delegation={d} name={delegateName(d.toUserId)} />
                </span>{' '}
                <button
                  type="button"
                  onClick={() => setRevoking(d.id)}
                  aria-label={t('delegation.revokeName', { name: delegateName(d.toUserId) })}
                >
                  {t('delegation.revoke')}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <ConfirmDialog
        open={revoking !== null}
        title={t('delegation.revokeAsk', {
          name: delegateName(mine.find((d) => d.id === revoking)?.toUserId ?? ''),
        })}
        confirmLabel={t('delegation.revoke')}
        busy={revoke.isPending}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        onCancel={() => setRevoking(null)}
      >
        <p>{t('delegation.revokeText')}</p>
      </ConfirmDialog>
      <ActingForList headingLevel={3} />
    </section>
  );
}
