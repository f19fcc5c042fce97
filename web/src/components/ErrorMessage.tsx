import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/** The server's coded refusal (or a network failure) in the user's language. */
export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  return (error) => {
    if (error instanceof ApiError) {
      return t(`errors.${error.code}`, { defaultValue: t('errors.generic', { code: error.code }) });
    }
    return t('errors.network');
  };
}

export function ErrorMessage({ error }: { error: unknown }) {
  const errorText = useErrorText();
  if (!error) return null;
  return (
    <p className="alert alert-error" role="alert">
      {errorText(error)}
    </p>
  );
}
