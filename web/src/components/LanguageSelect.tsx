import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { currentSession, updateUser } from '../auth/session';
import { type Language, applyLanguage, rememberLanguage } from '../i18n';
import { useHydrated } from './hydrated';

/**
 * The "Language" control: the profile's locale when signed in, remembered in the browser otherwise
 * (`onChoose` hears an anonymous visitor's choice: the login page carries it into the profile).
 */
export function LanguageSelect({
  compact = false,
  onChoose,
}: {
  compact?: boolean;
  onChoose?: (language: Language) => void;
}) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const hydrated = useHydrated();
  // The choice is saved first, then the page switches: a link followed at once (the page in the
  // new language) no longer aborts the save, which left the profile in the old language.
  const change = async (language: Language) => {
    const session = currentSession();
    if (session.status === 'signedIn') {
      try {
        const me = await call(api.PATCH('/api/v1/me', { body: { locale: language } }));
        updateUser({ ...session.user, ...me });
      } catch {
        /* the page switches anyway; the profile keeps the old language until the next change */
      }
    } else {
      rememberLanguage(language);
      onChoose?.(language);
    }
    await applyLanguage(language);
  };
  return (
    <span className={compact ? 'language compact' : 'language'}>
      <label htmlFor={id} className={compact ? 'visually-hidden' : undefined}>
        {t('language')}
      </label>
      <select
        id={id}
        value={i18n.language}
        disabled={!hydrated}
        onChange={(e) => void change(e.target.value as Language)}
      >
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
