import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import { safeNext } from '../../auth/next';
import { loginNotice } from '../../auth/session-end';
import { signIn, useSession } from '../../auth/session';
import { useErrorText } from '../../components/ErrorMessage';
import { LanguageSelect } from '../../components/LanguageSelect';
import { useFormat } from '../../i18n/format';
import type { Language } from '../../i18n';
import { prerenderedValue } from '../../prerendered';

/** How long a throttled sign-in must wait (429 TOO_MANY_REQUESTS), in seconds. */
function retryAfterOf(err: unknown): number | undefined {
  if (!(err instanceof ApiError) || err.code !== 'TOO_MANY_REQUESTS') return undefined;
  const seconds = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof seconds === 'number' && seconds > 0 ? seconds : undefined;
}

export function LoginPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const errorText = useErrorText();
  const format = useFormat();
  // What was typed into the server's page before the app took over (src/ops/web-pages.ts renders
  // this page's markup: change the two together).
  const [username, setUsername] = useState(() => prerenderedValue('username'));
  const [password, setPassword] = useState(() => prerenderedValue('password'));
  const [busy, setBusy] = useState(false);
  // A language picked here is a choice, not a browser's preference: the profile takes it on signing in.
  const [chosen, setChosen] = useState<Language | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  // A wrong username or password: both fields are marked, and say why (the alert).
  const [wrong, setWrong] = useState(false);
  const passwordField = useRef<HTMLInputElement>(null);
  const next = safeNext(params.get('next'));
  // Why the visitor is here: their session ended (and, when the server said, why).
  const notice = loginNotice(params.get('expired'), params.get('why'));
  useEffect(() => {
    document.title = `${t('login.title')} · ${t('appName')}`;
  }, [t]);
  if (session.status === 'signedIn' && !busy) return <Navigate to={next} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setWrong(false);
    try {
      await signIn(username.trim(), password, chosen);
      void navigate(next, { replace: true });
    } catch (err) {
      setPassword('');
      const retryAfter = retryAfterOf(err);
      if (retryAfter) {
        // The wait doubles with each wrong password, from a second: "a few minutes" misled.
        setError(
          retryAfter < 120
            ? t('login.retryInSeconds', { count: retryAfter, n: format.number(retryAfter) })
            : t('login.retryInMinutes', {
                count: Math.ceil(retryAfter / 60),
                n: format.number(Math.ceil(retryAfter / 60)),
              }),
        );
      } else if (err instanceof ApiError && err.code === 'ACCOUNT_LOCKED') {
        const until = (err.details as { lockedUntil?: string } | undefined)?.lockedUntil;
        setError(
          until ? t('login.lockedUntil', { time: format.dateTime(until) }) : t('errors.ACCOUNT_LOCKED'),
        );
      } else {
        setError(errorText(err));
      }
      setWrong(err instanceof ApiError && err.code === 'INVALID_CREDENTIALS');
      // The button was disabled while asking, and the focus with it: back to the (cleared) password.
      passwordField.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="standalone login">
      <div className="login-top">
        <p className="brand">{t('appName')}</p>
        <LanguageSelect onChoose={setChosen} />
      </div>
      <h1>{t('login.title')}</h1>
      {notice && !error ? (
        <p className="alert alert-info" role="status">
          {t(notice)}
        </p>
      ) : null}
      {error ? (
        <p id="login-error" className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      {/* POST: should the app ever fail to take the form, the password stays out of the address. */}
      <form onSubmit={(e) => void submit(e)} className="form" method="post" action="/login">
        <div className="field">
          <label htmlFor="username">{t('login.username')}</label>
          <input
            id="username"
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            aria-invalid={wrong || undefined}
            aria-describedby={error ? 'login-error' : undefined}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="password">{t('login.password')}</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            ref={passwordField}
            aria-invalid={wrong || undefined}
            aria-describedby={error ? 'login-error' : undefined}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? t('login.signingIn') : t('login.signIn')}
        </button>
      </form>
      <p className="muted">
        <a href="/verify">{t('login.verifyLink')}</a>
      </p>
    </main>
  );
}
