import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';

/** What a decision of the minutes records of its vote. */
export interface VoteCount {
  votesFor?: number | null;
  votesAgainst?: number | null;
  abstentions?: number | null;
}

/** A decision's vote as the minutes show it, or '' when no vote was counted (the editor, the print, the comparison). */
export function useVoteText(): (d: VoteCount) => string {
  const { t } = useTranslation('meetings');
  const format = useFormat();
  // A count left empty was not recorded: a dash, not a zero the meeting never counted.
  const n = (count: number | null | undefined) => (count == null ? '—' : format.number(count));
  return (d) =>
    typeof d.votesFor === 'number'
      ? t('minutes.votes', { for: n(d.votesFor), against: n(d.votesAgainst), abstain: n(d.abstentions) })
      : '';
}
