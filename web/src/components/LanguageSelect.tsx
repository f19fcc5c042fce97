import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { currentSession, updateUser } from '../auth/session';
import { type Language, applyLanguage, rememberLanguage } from '../i18n';
import { useHydrated } from './hydrated';

const MOVES = new Set([
  'ArrowUp',
  'ArrowDown',
  'ArrowLeft',
  'ArrowRight',
  'Home',
  'End',
  'PageUp',
  'PageDown',
]);

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
  // A closed select changes at each arrow key (Chromium, Firefox): a keyboard user passing over
  // "English" would switch the whole page and the profile. A choice made by keys is shown and
  // applied when it is confirmed (Enter) or left (Tab, a click elsewhere); a pick with the mouse at once.
  const [keyed, setKeyed] = useState<Language | null>(null);
  const byKeys = useRef(false);
  const commit = (language: Language | null) => {
    setKeyed(null);
    if (language && language !== i18n.language) void change(language);
  };
  return (
    <span className={compact ? 'language compact' : 'language'}>
      <label htmlFor={id} className={compact ? 'visually-hidden' : undefined}>
        {t('language')}
      </label>
      <select
        id={id}
        value={keyed ?? i18n.language}
        disabled={!hydrated}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            if (keyed) e.preventDefault();
            commit(keyed);
          } else if (e.key === 'Escape') {
            setKeyed(null);
          } else if (MOVES.has(e.key) || (e.key.length === 1 && e.key !== ' ' && !e.altKey)) {
            // Keys that change a closed list's choice (an arrow, Home, End, a letter).
            byKeys.current = true;
          }
        }}
        onChange={(e) => {
          const language = e.target.value as Language;
          if (byKeys.current) {
            byKeys.current = false;
            setKeyed(language);
          } else {
            commit(language);
          }
        }}
        onMouseDown={() => {
          byKeys.current = false;
        }}
        onBlur={() => commit(keyed)}
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
