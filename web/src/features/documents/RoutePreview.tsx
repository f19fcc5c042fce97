import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { displayName } from '../../components/names';

type Stage = Schemas['PreviewStageDto'];

/** The submitter held the step themselves and was left out (separation of duties). */
const SKIPPED = new Set<string>([
  'submitter_skipped_routed_to_escalation',
  'submitter_skipped_routed_to_superior',
  'submitter_skipped_no_one',
]);

/**
 * The stages a document will pass, in order, as the server routes it today (POST /route-preview):
 * who would get each task, through which post, acting for whom, and where the submitter is left out.
 */
export function RoutePreview({ stages }: { stages: Stage[] }) {
  const { t, i18n } = useTranslation('documents');
  const km = i18n.language === 'km';
  return (
    <ol className="timeline">
      {stages.map((s) => {
        const skipped = s.routingNotes.some((n) => SKIPPED.has(n.outcome) || n.skippedUserId);
        return (
          <li key={`${s.index}-${s.name}`} className="timeline-item">
            <span className="timeline-stage">
              {t('route.stageNamed', { n: s.index + 1, name: displayName(s, i18n.language) })}
            </span>
            {s.blocked ? (
              <span className="alert-inline">{t('route.blocked')}</span>
            ) : (
              <ul className="plain-list">
                {s.approvers.map((a, j) => {
                  const post = a.post ? (km && a.post.titleKm) || a.post.title : null;
                  return (
                    <li key={`${a.assignee.id}-${j}`}>
                      <strong>{displayName(a.assignee, i18n.language)}</strong>
                      {a.actingFor ? (
                        // The post is the absent holder's, not the delegate's: named after them.
                        <span className="acting-for">
                          {' '}
                          ·{' '}
                          {t('detail.actingFor', {
                            name: post
                              ? `${displayName(a.actingFor, i18n.language)} (${post})`
                              : displayName(a.actingFor, i18n.language),
                          })}
                        </span>
                      ) : post ? (
                        <span className="muted"> · {post}</span>
                      ) : null}
                    </li>
                  );
                })}
              </ul>
            )}
            <span className="muted">
              {s.approvers.length > 1 ? t(`route.mode.${s.mode}`, { quorum: s.quorum ?? 0 }) : null}
              {s.approvers.length > 1 && s.slaHours ? ' · ' : null}
              {s.slaHours ? t('route.sla', { count: s.slaHours }) : null}
            </span>
            {skipped ? <p className="alert alert-info">{t('route.youAreSkipped')}</p> : null}
          </li>
        );
      })}
    </ol>
  );
}
