import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { currentSession, updateUser } from '../auth/session';
import { type Language, applyLanguage, rememberLanguage } from '../i18n';

/** The "Language" control: the profile's locale when signed in, remembered in the browser otherwise. */
export function LanguageSelect({ compact = false }: { compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const change = async (language: Language) => {
    await applyLanguage(language);
    const session = currentSession();
    if (session.status === 'signedIn') {
      try {
        const me = await call(api.PATCH('/api/v1/me', { body: { locale: language } }));
        updateUser({ ...session.user, ...me });
      } catch {
        /* the page is in the new language; the profile keeps the old one until the next change */
      }
    } else {
      rememberLanguage(language);
    }
  };
  return (
    <span className={compact ? 'language compact' : 'language'}>
      <label htmlFor={id} className={compact ? 'visually-hidden' : undefined}>
        {t('language')}
      </label>
      <select id={id} value={i18n.language} onChange={(e) => void change(e.target.value as Language)}>
        <option value="km" lang="km">
          ខ្មែរ
        </option>
        <option value="en" lang="en">
          English
        </option>
      </select>
    </span>
  );
}
