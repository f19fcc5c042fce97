import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import { safeNext } from '../../auth/next';
import { signOut, updateUser, useSession } from '../../auth/session';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LanguageSelect } from '../../components/LanguageSelect';
import { displayName } from '../../components/names';
import { PasswordSection } from './PasswordSection';

/**
 * `/choose-password`: a user signed in with a password an administrator set (a new account, a
 * reset) chooses one only they know before anything else opens; the API refuses them everything
 * but this, their profile and signing out. Then on to where they were going (`next`).
 */
export function ChoosePasswordPage() {
  const { t, i18n } = useTranslation(['settings', 'common']);
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [reloadError, setReloadError] = useState<unknown>(null);
  const next = safeNext(params.get('next'));
  useEffect(() => {
    document.title = `${t('firstPassword.title')} · ${t('common:appName')}`;
  }, [t]);
  if (session.status !== 'signedIn') return null;
  if (!session.user.mustChangePassword) return <Navigate to={next} replace />;

  // The profile, read again, no longer asks for it: the page then goes on to `next`.
  const changed = () => {
    setReloadError(null);
    call(api.GET('/api/v1/me')).then(updateUser, setReloadError);
  };
  return (
    <main id="main" className="standalone login choose-password">
      <div className="login-top">
        <p className="brand">{t('common:appName')}</p>
        <LanguageSelect />
      </div>
      <h1>{t('firstPassword.title')}</h1>
      <p>{t('firstPassword.text', { name: displayName(session.user, i18n.language) })}</p>
      <ErrorMessage error={reloadError} />
      <PasswordSection first onChanged={changed} />
      <p>
        <button
          type="button"
          className="button-quiet"
          onClick={() => void signOut().then(() => navigate('/login', { replace: true }))}
        >
          {t('common:signOut')}
        </button>
      </p>
    </main>
  );
}
