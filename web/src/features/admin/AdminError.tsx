import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { ErrorMessage, useErrorText } from '../../components/ErrorMessage';
import { refusedFields } from '../../components/refused';

/**
 * The server's refusal on an admin form: the admin pages' own codes (units, posts, templates) in the
 * user's language, other codes as everywhere else, and the fields the server named (by their label
 * where the form gives one in `fields`, e.g. "Username"; else as the server names them, e.g.
 * `stages[1].quorum`).
 */
export function AdminError({
  error,
  fields: labels = {},
  id,
}: {
  error: unknown;
  fields?: Record<string, string>;
  /** The message's id: the refused fields it describes (useRefusedFields). */
  id?: string;
}) {
  const { t, i18n } = useTranslation('admin');
  const errorText = useErrorText();
  if (!(error instanceof ApiError)) return <ErrorMessage error={error} id={id} />;
  const text = i18n.exists(`admin:errors.${error.code}`) ? t(`errors.${error.code}`) : errorText(error);
  const fields = [...new Set(refusedFields(error).map((f) => labels[f] ?? f))];
  return (
    <ErrorMessage error={error} id={id} text={fields.length ? `${text} (${fields.join(', ')})` : text} />
  );
}
