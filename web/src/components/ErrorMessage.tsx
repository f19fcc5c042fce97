import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useFormat } from '../i18n/format';

/** The server's coded refusal (or a network failure) in the user's language. */
export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  const format = useFormat();
  return (error) => {
    if (error instanceof ApiError) {
      const limit = uploadLimitBytes(error);
      if (limit !== null) return t('errors.FILE_TOO_LARGE_limit', { max: format.bytes(limit) });
      return t(`errors.${error.code}`, { defaultValue: t('errors.generic', { code: error.code }) });
    }
    return t('errors.network');
  };
}

/** A file refused as too large says the limit the server gave (in bytes; said as "4 MB"). */
export function uploadLimitBytes(error: ApiError): number | null {
  const max = (error.details as { maxBytes?: unknown } | undefined)?.maxBytes;
  if (error.code !== 'FILE_TOO_LARGE' || typeof max !== 'number' || !(max > 0)) return null;
  return max;
}

/**
 * A refusal, said at once (`role="alert"`) and brought into view: on a phone the form's button is
 * often a screen away from where its message appears.
 */
export function ErrorMessage({
  error,
  text,
  id,
}: {
  error: unknown;
  /** Said instead of the code's words. */ text?: string;
  /** For the fields it describes (`aria-describedby`). */ id?: string;
}) {
  const errorText = useErrorText();
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (error) ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [error]);
  if (!error) return null;
  return (
    <p ref={ref} id={id} className="alert alert-error" role="alert">
      {text ?? errorText(error)}
    </p>
  );
}
