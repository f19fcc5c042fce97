import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Page } from '../../components/Page';
import { useFormat } from '../../i18n/format';

/** Checks the audit log's hash chains against the last signed checkpoint. */
export function AuditPage() {
  const { t } = useTranslation('admin');
  const format = useFormat();
  const verify = useMutation({ mutationFn: () => call(api.GET('/api/v1/audit/verify')) });
  const r = verify.data;
  return (
    <Page title={t('audit.title')}>
      <p>{t('audit.text')}</p>
      <button
        type="button"
        className="button-primary"
        disabled={verify.isPending}
        onClick={() => verify.mutate()}
      >
        {t('audit.verify')}
      </button>
      <ErrorMessage error={verify.error} />
      <p role="status" className={r ? (r.ok ? 'verdict-good' : 'verdict-bad') : undefined}>
        {r
          ? r.ok
            ? t('audit.ok', { n: format.number(r.checked) })
            : t('audit.bad', {
                n: format.number(r.checked),
                problem: r.problem ? t(`audit.problem.${r.problem}`) : '',
                stream: r.stream ?? '',
                id: r.firstBadId ?? '',
              })
          : ''}
      </p>
    </Page>
  );
}
