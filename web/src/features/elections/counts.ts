import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';

export type Counted =
  'seats' | 'boardSeats' | 'seatsLeft' | 'candidates' | 'votes' | 'people' | 'alreadyMembers';

/**
 * "1 seat", "7 seats": a count with its noun, in the plural form the language wants (English one
 * and other, Khmer a single form), the number written for the language.
 */
export function useCount(): (what: Counted, n: number) => string {
  const { t } = useTranslation('elections');
  const format = useFormat();
  return (what, n) => t(`count.${what}`, { count: n, n: format.number(n) });
}
