import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call } from '../../api/client';
import { useErrorText } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';

/** The server's rule for a new password (MIN_PASSWORD_LENGTH), said before the user types. */
const MIN_LENGTH = 8;

/** Why the server found the new password weak (details.reason of PASSWORD_TOO_WEAK). */
const WEAKNESSES = ['too_short', 'common', 'has_username', 'repetitive'] as const;

function weaknessOf(error: ApiError): (typeof WEAKNESSES)[number] {
  const reason = (error.details as { reason?: unknown } | undefined)?.reason;
  return WEAKNESSES.find((w) => w === reason) ?? 'too_short';
}

/** The refusals this form explains itself (settings.json `password.errors`); others as everywhere. */
const OWN_ERRORS = new Set([
  'WRONG_CURRENT_PASSWORD',
  'PASSWORD_TOO_WEAK',
  'PASSWORD_UNCHANGED',
  'PASSWORD_CHANGED_MEANWHILE',
  'TOO_MANY_REQUESTS',
]);

/**
 * "Change password": the current password, the new one twice. The server checks the current one
 * (throttled like a login) and the rule for new ones; on success every other sign-in of the user
 * ends, and this one goes on. `first`: the form of the page that asks a user signed in with a
 * password an administrator set to choose their own (its words, and `onChanged` when it is done).
 */
export function PasswordSection({ first = false, onChanged }: { first?: boolean; onChanged?: () => void }) {
  const { t } = useTranslation('settings');
  const errorText = useErrorText();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: () =>
      call(api.POST('/api/v1/auth/password', { body: { currentPassword: current, newPassword: next } })),
    onSuccess: () => {
      setCurrent('');
      setNext('');
      setConfirm('');
      onChanged?.();
    },
    onError: () => setCurrent(''),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const differ = next !== confirm;
    setMismatch(differ);
    if (differ) return;
    change.mutate();
  };
  const error = change.error;
  const message = mismatch
    ? t('password.errors.MISMATCH')
    : error instanceof ApiError && OWN_ERRORS.has(error.code)
      ? first && error.code === 'WRONG_CURRENT_PASSWORD'
        ? t('firstPassword.wrongGiven')
        : error.code === 'PASSWORD_TOO_WEAK'
          ? t(`password.weak.${weaknessOf(error)}`, { minLength: MIN_LENGTH })
          : t(`password.errors.${error.code}`, { minLength: MIN_LENGTH })
      : error
        ? errorText(error)
        : null;
  // The field the refusal is about: marked, described by the message, and given the focus (the
  // button was disabled while asking, and the focus with it).
  const about: 'current' | 'next' | 'confirm' | null = mismatch
    ? 'confirm'
    : error instanceof ApiError && error.code === 'WRONG_CURRENT_PASSWORD'
      ? 'current'
      : error instanceof ApiError &&
          (error.code === 'PASSWORD_TOO_WEAK' || error.code === 'PASSWORD_UNCHANGED')
        ? 'next'
        : null;
  const errorId = useId();
  const marked = (field: typeof about, describedBy?: string) =>
    about === field
      ? { 'aria-invalid': true, 'aria-describedby': [describedBy, errorId].filter(Boolean).join(' ') }
      : describedBy
        ? { 'aria-describedby': describedBy }
        : {};
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (about) form.current?.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
  }, [about, error, mismatch]);
  return (
    <section className="panel" aria-labelledby="password-title">
      <h2 id="password-title">{t(first ? 'firstPassword.formTitle' : 'password.title')}</h2>
      {first ? null : <p>{t('password.text')}</p>}
      {message ? (
        <p id={errorId} className="alert alert-error" role="alert">
          {message}
        </p>
      ) : null}
      {change.isSuccess && !message && !first ? (
        <p className="alert alert-info" role="status">
          {t('password.changed', { count: change.data.otherSessionsEnded })}
        </p>
      ) : null}
      <form className="form" onSubmit={submit} ref={form}>
        <Field
          label={t(first ? 'firstPassword.current' : 'password.current')}
          type="password"
          autoComplete="current-password"
          {...marked('current')}
          required
          value={current}
          onChange={setCurrent}
        />
        <Field
          label={t('password.new')}
          type="password"
          autoComplete="new-password"
          {...marked('next', 'password-rule')}
          required
          value={next}
          onChange={setNext}
        />
        <p id="password-rule" className="muted">
          {t('password.rule', { minLength: MIN_LENGTH })}
        </p>
        <Field
          label={t('password.confirm')}
          type="password"
          autoComplete="new-password"
          {...marked('confirm')}
          required
          value={confirm}
          onChange={setConfirm}
        />
        <button type="submit" className="button-primary" disabled={change.isPending}>
          {t(first ? 'firstPassword.submit' : 'password.submit')}
        </button>
      </form>
    </section>
  );
}
