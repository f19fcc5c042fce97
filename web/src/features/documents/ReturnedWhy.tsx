import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { displayName } from '../../components/names';
import { lastReturn } from './lastReturn';

/**
 * Who last returned the document and what they asked: the comment is what the revision answers.
 * Shown where the revision is made (the submitter's panel of a document, the minutes' meeting).
 */
export function ReturnedWhy({ doc }: { doc: Schemas['DocumentDto'] }) {
  const { t, i18n } = useTranslation();
  const returning = lastReturn(doc);
  if (!returning?.comment) return null;
  return (
    <blockquote className="returned-why">
      <p>{returning.comment}</p>
      <footer>
        {t('returnedBy', {
          name: returning.assignee ? displayName(returning.assignee, i18n.language) : '',
        })}
      </footer>
    </blockquote>
  );
}
