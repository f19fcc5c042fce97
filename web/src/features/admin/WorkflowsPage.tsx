import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Schemas, api, call } from '../../api/client';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { AdminError } from './AdminError';
import { ConditionText } from './workflow-form';
import { displayName } from '../../components/names';
import { useDocumentTypeName } from '../../components/documentTypes';

type Workflow = Schemas['WorkflowDto'];

/** The newest version of each template name (the list answers every version, newest first per name). */
export function latestVersions(all: Workflow[]): Workflow[] {
  const byName = new Map<string, Workflow>();
  for (const w of all) {
    const known = byName.get(w.name);
    if (!known || w.version > known.version) byName.set(w.name, w);
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Workflow templates: each name's newest version, whether it is on, its condition and stages. */
export function WorkflowsPage() {
  const { t, i18n } = useTranslation('admin');
  const typeName = useDocumentTypeName();
  const list = useQuery({
    queryKey: ['admin', 'workflows'],
    queryFn: () => call(api.GET('/api/v1/workflows')),
  });
  return (
    <Page title={t('workflows.title')}>
      <p>
        <Link to="/admin/workflows/new" className="button button-primary">
          {t('workflows.new')}
        </Link>
      </p>
      <p className="muted">{t('workflows.versionsNote')}</p>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <AdminError error={list.error} />
      ) : (
        <ul className="item-list">
          {latestVersions(list.data).map((w) => (
            <li key={w.id}>
              <Link to={`/admin/workflows/${w.id}`} className="item-title">
                {displayName(w, i18n.language)}
              </Link>
              <span className="item-meta">
                <span>{t('workflows.typeIs', { type: typeName(w.documentType) })}</span>
                <span>{t('workflows.versionN', { n: w.version })}</span>
                <span>{w.active ? t('workflows.on') : t('workflows.off')}</span>
                <span>{t('workflows.stageCount', { count: w.stages.length })}</span>
                <span>
                  <ConditionText condition={w.condition} />
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
