import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';

interface Detail {
  field?: unknown;
}

/**
 * The server's refusal on an admin form: the admin pages' own codes (units, posts, templates) in the
 * user's language, with the fields the server named (e.g. `stages[1].quorum`; by their label where
 * the form gives one in `fields`); other codes as everywhere else.
 */
export function AdminError({
  error,
  fields: labels = {},
}: {
  error: unknown;
  fields?: Record<string, string>;
}) {
  const { t, i18n } = useTranslation('admin');
  if (!error) return null;
  if (!(error instanceof ApiError) || !i18n.exists(`admin:errors.${error.code}`)) {
    return <ErrorMessage error={error} />;
  }
  const fields = Array.isArray(error.details)
    ? (error.details as Detail[])
        .map((d) => d.field)
        .filter((f): f is string => typeof f === 'string')
        .map((f) => labels[f] ?? f)
    : [];
  return (
    <p className="alert alert-error" role="alert">
      {t(`errors.${error.code}`)}
      {fields.length ? ` (${fields.join(', ')})` : null}
    </p>
  );
}
