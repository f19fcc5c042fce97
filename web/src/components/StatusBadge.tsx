import { useTranslation } from 'react-i18next';

const ICONS: Record<string, string> = {
  draft: '✎',
  in_review: '◐',
  returned: '↩',
  approved: '✔',
  rejected: '✖',
  withdrawn: '⊘',
  revoked: '⊘',
  pending: '○',
  active: '▶',
  cancelled: '⊘',
  recalled: '↶',
  blocked: '⚠',
  not_reached: '–',
  upcoming: '…',
};

/** A status as words with an icon (never colour alone). */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-${status}`}>
      <span aria-hidden="true">{ICONS[status] ?? '•'} </span>
      {t(`status.${status}`, { defaultValue: status })}
    </span>
  );
}

/** A document's status as people read it: an approved document its issuer revoked is "Revoked". */
export function documentStatus(d: { status: string; revokedAt?: string | null }): string {
  return d.revokedAt ? 'revoked' : d.status;
}
