import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Schemas, api, call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ListFoot } from '../../components/ListFoot';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { displayName } from '../../components/names';
import { flattenUnits } from './OrgUnitsPage';
import { Field, SelectField } from '../../components/Field';
import { userQuery } from '../../components/userQuery';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useSession } from '../../auth/session';
import { AdminError } from './AdminError';
import { useRefusedFields } from '../../components/refused';
import { Outcome, useOutcome } from '../../components/Outcome';

type User = Schemas['UserDto'];

/** Users: find, create, disable or enable, reset a password. */
export function UsersPage() {
  const { t, i18n } = useTranslation('admin');
  const searchId = useId();
  const [search, setSearch] = useState('');
  const session = useSession();
  const selfId = session.status === 'signedIn' ? session.user.id : undefined;
  // A page of 50 at a time, by the API's cursor; a new search starts again from its first page.
  const users = useInfiniteQuery({
    queryKey: ['admin', 'users', search],
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/users', {
          params: { query: { limit: PAGE_SIZE, search: search.trim() || undefined, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const shown = users.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Page title={t('users.title')}>
      <NewUser />
      <div role="search" className="search">
        <label htmlFor={searchId}>{t('users.search')}</label>
        <input id={searchId} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      {users.isPending ? (
        <Loading />
      ) : users.isError && !users.data ? (
        <ErrorMessage error={users.error} />
      ) : (
        <>
          <ul className="item-list" aria-label={t('users.title')}>
            {shown.map((u) => (
              <li key={u.id}>
                <span className="item-title">
                  {displayName(u, i18n.language)} ({u.username})
                </span>
                <span className="item-meta">
                  <span>{t(`users.status.${u.status}`)}</span>
                  {u.roles.includes('admin') ? <span>{t('users.admin')}</span> : null}
                  {u.id === selfId ? <span>{t('users.you')}</span> : null}
                </span>
                <UserActions user={u} self={u.id === selfId} />
              </li>
            ))}
          </ul>
          <ListFoot
            query={users}
            count={
              users.hasNextPage
                ? t('users.shownMore', { count: shown.length })
                : search.trim()
                  ? t('users.matching', { count: shown.length, term: search.trim() })
                  : t('users.shownAll', { count: shown.length })
            }
          />
        </>
      )}
    </Page>
  );
}

const PAGE_SIZE = 50;
/**
 * The server's only rule for a password an admin sets (MIN_PASSWORD_LENGTH in
 * src/common/auth/password.ts). Unless the administrator says otherwise ("mustChange"), the person
 * is asked to choose their own when they first sign in with it.
 */
const MIN_PASSWORD_LENGTH = 8;
/**
 * The server's rule for a username (USERNAME_PATTERN in src/org/dto/user.dto.ts, which lower-cases
 * first), as an input's `pattern`: the browser says what is wrong before anything is sent.
 */
const USERNAME_PATTERN = '[A-Za-z0-9][A-Za-z0-9._\\-]{1,62}[A-Za-z0-9]';

function UserActions({ user: u, self }: { user: User; self: boolean }) {
  const { t, i18n } = useTranslation('admin');
  const client = useQueryClient();
  const [resetting, setResetting] = useState(false);
  const [password, setPassword] = useState('');
  const [mustChange, setMustChange] = useState(true);
  const [done, setDone] = useState('');
  const [confirming, setConfirming] = useState(false);
  const pwId = useId();
  const name = displayName(u, i18n.language);
  const update = useMutation({
    mutationFn: (body: Schemas['UpdateUserDto']) =>
      call(api.PATCH('/api/v1/users/{id}', { params: { path: { id: u.id } }, body })),
    onSuccess: async (_r, body) => {
      setDone(
        body.password
          ? t('users.passwordReset')
          : body.status === 'disabled'
            ? t('users.disabledDone')
            : body.status === 'active'
              ? t('users.enabledDone')
              : t('users.saved'),
      );
      setResetting(false);
      setConfirming(false);
      setPassword('');
      await client.invalidateQueries({ queryKey: ['admin', 'users'] });
      await client.invalidateQueries({ queryKey: userQuery(u.id).queryKey });
      await client.invalidateQueries({ queryKey: ['admin', 'user', u.id] });
    },
  });
  const reset = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({ password, mustChangePassword: mustChange });
  };
  return (
    <div className="user-actions">
      <div className="row">
        {u.status === 'disabled' ? (
          <button
            type="button"
            onClick={() => update.mutate({ status: 'active' })}
            aria-label={t('users.enableName', { name })}
          >
            {t('users.enable')}
          </button>
        ) : self ? null : (
          // Not on the administrator's own row: disabling it would sign them out for good.
          <button
            type="button"
            className="button-danger"
            onClick={() => {
              update.reset();
              setConfirming(true);
            }}
            aria-label={t('users.disableName', { name })}
          >
            {t('users.disable')}
          </button>
        )}
        <button
          type="button"
          onClick={() => setResetting((r) => !r)}
          aria-label={t('users.resetName', { name })}
          aria-expanded={resetting}
        >
          {t('users.reset')}
        </button>
      </div>
      {resetting ? (
        <form className="inline-form" onSubmit={reset} aria-label={t('users.resetName', { name })}>
          <div className="field">
            <label htmlFor={pwId}>{t('users.newPassword')}</label>
            <input
              id={pwId}
              type="password"
              autoComplete="new-password"
              required
              minLength={MIN_PASSWORD_LENGTH}
              aria-describedby={`${pwId}-rule`}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
            <span id={`${pwId}-rule`} className="muted">
              {t('users.passwordRule', { minLength: MIN_PASSWORD_LENGTH })}
            </span>
          </div>
          <label className="check">
            <input type="checkbox" checked={mustChange} onChange={(e) => setMustChange(e.target.checked)} />{' '}
            {t('users.mustChange')}
          </label>
          <button type="submit" className="button-primary" disabled={update.isPending}>
            {t('users.savePassword')}
          </button>
        </form>
      ) : null}
      {confirming ? (
        <ConfirmDisable
          name={name}
          username={u.username}
          busy={update.isPending}
          error={update.error}
          onConfirm={() => update.mutate({ status: 'disabled' })}
          onCancel={() => {
            update.reset();
            setConfirming(false);
          }}
        />
      ) : null}
      {confirming ? null : <AdminError error={update.error} />}
      <span role="status">{done}</span>
    </div>
  );
}

/**
 * The question before an account is disabled, naming whose: one click in a long list could lock out
 * the wrong person. Made only while asked: a list of 50 or more people holds no 50 hidden dialogs.
 */
function ConfirmDisable({
  name,
  username,
  busy,
  error,
  onConfirm,
  onCancel,
}: {
  name: string;
  username: string;
  busy: boolean;
  error: unknown;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('admin');
  return (
    <ConfirmDialog
      open
      title={t('users.confirmDisable', { name, username })}
      confirmLabel={t('users.confirmDisableButton')}
      danger
      busy={busy}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <p>{t('users.confirmDisableText', { name })}</p>
      <AdminError error={error} />
    </ConfirmDialog>
  );
}

function NewUser() {
  const { t, i18n } = useTranslation('admin');
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({
    username: '',
    fullName: '',
    fullNameKm: '',
    password: '',
    locale: 'km' as 'km' | 'en',
    orgUnitId: '',
    admin: false,
    mustChange: true,
  });
  // Said where the form was, with the focus (and so the view) on it: the form closes, and the page
  // stayed scrolled where its button had been, the message out of sight above.
  const [done, say, unsay] = useOutcome<'created'>();
  const [createdName, setCreatedName] = useState('');
  const ids = { a: useId() };
  const units = useQuery({
    queryKey: ['admin', 'org-units'],
    queryFn: () => call(api.GET('/api/v1/org-units')),
    enabled: open,
  });
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/users', {
          body: {
            username: form.username.trim(),
            fullName: form.fullName.trim(),
            fullNameKm: form.fullNameKm.trim() || null,
            password: form.password,
            locale: form.locale,
            orgUnitId: form.orgUnitId || null,
            roles: form.admin ? ['admin'] : [],
            status: 'active',
            mustChangePassword: form.mustChange,
          },
        }),
      ),
    onSuccess: async (u) => {
      setCreatedName(u.username);
      say('created');
      setOpen(false);
      await client.invalidateQueries({ queryKey: ['admin', 'users'] });
    },
  });
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  const { form: formRef, messageId, mark } = useRefusedFields(create.error);
  return (
    <section className="panel" aria-label={t('users.new')}>
      <Outcome said={done}>{t('users.created', { name: createdName })}</Outcome>
      {open ? (
        <form
          ref={formRef}
          className="form admin-form"
          onSubmit={(e) => {
            e.preventDefault();
            unsay();
            create.mutate();
          }}
        >
          <h2>{t('users.new')}</h2>
          <Field
            label={t('users.username')}
            {...mark('username')}
            // Opened by its button: the form is what comes next.
            autoFocus
            required
            maxLength={64}
            pattern={USERNAME_PATTERN}
            help={t('users.usernameRule')}
            autoCapitalize="none"
            spellCheck={false}
            value={form.username}
            onChange={(username) => set({ username })}
          />
          <Field
            label={t('users.fullName')}
            {...mark('fullName')}
            required
            maxLength={200}
            value={form.fullName}
            onChange={(fullName) => set({ fullName })}
          />
          <Field
            label={t('users.fullNameKm')}
            {...mark('fullNameKm')}
            lang="km"
            maxLength={200}
            value={form.fullNameKm}
            onChange={(fullNameKm) => set({ fullNameKm })}
          />
          <Field
            label={t('users.password')}
            {...mark('password')}
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD_LENGTH}
            help={t('users.passwordRule', { minLength: MIN_PASSWORD_LENGTH })}
            value={form.password}
            onChange={(password) => set({ password })}
          />
          <label className="check">
            <input
              type="checkbox"
              checked={form.mustChange}
              onChange={(e) => set({ mustChange: e.target.checked })}
            />{' '}
            {t('users.mustChange')}
          </label>
          <SelectField
            label={t('users.locale')}
            value={form.locale}
            onChange={(v) => set({ locale: v as 'km' | 'en' })}
          >
            <option value="km">ខ្មែរ</option>
            <option value="en">English</option>
          </SelectField>
          <SelectField
            label={t('users.unit')}
            {...mark('orgUnitId')}
            value={form.orgUnitId}
            onChange={(v) => set({ orgUnitId: v })}
          >
            <option value="">—</option>
            {flattenUnits(units.data ?? []).map(({ unit, depth }) => (
              <option key={unit.id} value={unit.id}>
                {'\u00a0'.repeat(depth * 2)}
                {displayName(unit, i18n.language)} ({unit.code})
              </option>
            ))}
          </SelectField>
          <label className="check">
            <input
              id={ids.a}
              type="checkbox"
              checked={form.admin}
              onChange={(e) => set({ admin: e.target.checked })}
            />{' '}
            {t('users.isAdmin')}
          </label>
          <AdminError
            error={create.error}
            id={messageId}
            fields={{
              username: t('users.username'),
              fullName: t('users.fullName'),
              fullNameKm: t('users.fullNameKm'),
              password: t('users.password'),
              orgUnitId: t('users.unit'),
            }}
          />
          <div className="row">
            <button type="submit" className="button-primary" disabled={create.isPending}>
              {t('users.create')}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              {t('cancel')}
            </button>
          </div>
        </form>
      ) : (
        <button
          type="button"
          className="button-primary"
          onClick={() => {
            unsay();
            create.reset();
            setOpen(true);
          }}
        >
          {t('users.new')}
        </button>
      )}
    </section>
  );
}
