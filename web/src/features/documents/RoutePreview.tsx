import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';

type Stage = Schemas['StageDto'];

/** Who a stage's approvers are, in words. */
export function ApproverText({ approver }: { approver: Schemas['ApproverDto'] }) {
  const { t } = useTranslation('documents');
  if (approver.relative) return <>{t(`route.relative.${approver.relative}`)}</>;
  if (approver.post) return <>{t(`route.post.${approver.post}`)}</>;
  return <>{t('route.namedPerson')}</>;
}

/** The stages a document will pass, in order (before it is submitted). */
export function RoutePreview({ stages }: { stages: Stage[] }) {
  const { t } = useTranslation('documents');
  return (
    <ol className="timeline">
      {stages.map((s, i) => (
        <li key={`${i}-${s.name}`} className="timeline-item">
          <span className="timeline-stage">
            {t('route.stageN', { n: i + 1 })}: {s.name}
          </span>
          <span className="muted">
            {s.approvers.map((a, j) => (
              <span key={j}>
                {j ? ', ' : ''}
                <ApproverText approver={a} />
              </span>
            ))}
            {s.approvers.length > 1 ? ` (${t(`route.mode.${s.mode}`, { quorum: s.quorum ?? 0 })})` : null}
            {s.slaHours ? ` · ${t('route.sla', { count: s.slaHours })}` : null}
          </span>
        </li>
      ))}
    </ol>
  );
}
