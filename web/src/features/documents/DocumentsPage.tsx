import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { StatusBadge } from '../../components/StatusBadge';
import { useFormat } from '../../i18n/format';
import { useDocumentTypeName } from '../../components/documentTypes';

type Box = 'mine' | 'decided';

/** My documents (and those I decided), newest first, with their status. */
export function DocumentsPage() {
  const { t } = useTranslation('documents');
  const format = useFormat();
  const typeName = useDocumentTypeName();
  const [box, setBox] = useState<Box>('mine');
  const list = useQuery({
    queryKey: ['documents', box],
    queryFn: () => call(api.GET('/api/v1/documents', { params: { query: { box, limit: 100 } } })),
  });
  return (
    <Page
      title={t('list.title')}
      actions={
        <Link className="button button-primary" to="/documents/new">
          {t('list.new')}
        </Link>
      }
    >
      <div className="tabs" role="group" aria-label={t('list.which')}>
        {(['mine', 'decided'] as Box[]).map((b) => (
          <button key={b} type="button" aria-pressed={box === b} onClick={() => setBox(b)}>
            {t(`list.box.${b}`)}
          </button>
        ))}
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorMessage error={list.error} />
      ) : list.data.items.length === 0 ? (
        <p>{t('list.empty')}</p>
      ) : (
        <ul className="item-list">
          {list.data.items.map((d) => (
            <li key={d.id}>
              <Link to={`/documents/${d.id}`} className="item-title">
                {d.title}
              </Link>
              <span className="item-meta">
                <StatusBadge status={d.status} />
                {d.referenceNumber ? <span>{d.referenceNumber}</span> : null}
                <span>{typeName(d.documentType)}</span>
                <time dateTime={d.updatedAt}>{format.dateTime(d.updatedAt)}</time>
              </span>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
