import { useTranslation } from 'react-i18next';
import { formatNumber } from '../i18n/khmer-format';

/**
 * Said under a text with a length limit (`maxLength`) once it nears it: how much is typed of how
 * much, and at the limit that what went past it was not kept. A pasted text longer than the
 * limit is cut by the browser without a word otherwise (a Khmer title lost its end mid-word).
 */
export function LengthHint({ id, length, max }: { id: string; length: number; max: number }) {
  const { t, i18n } = useTranslation('common');
  if (length < max * 0.9) return null;
  const n = formatNumber(length, i18n.language);
  const of = formatNumber(max, i18n.language);
  return (
    <span id={id} className="muted" role="status">
      {length >= max ? t('length.full', { max: of }) : t('length.near', { n, max: of })}
    </span>
  );
}
