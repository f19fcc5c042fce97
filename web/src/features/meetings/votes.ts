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
  return (d) =>
    typeof d.votesFor === 'number'
      ? t('minutes.votes', {
          for: format.number(d.votesFor),
          against: format.number(d.votesAgainst ?? 0),
          abstain: format.number(d.abstentions ?? 0),
        })
      : '';
}
