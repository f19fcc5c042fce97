import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { FROM_INBOX } from '../../components/AppShell';
import { type Schemas, api, call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { displayName, localName } from '../../components/names';
import { useFormat } from '../../i18n/format';
import { matches } from './search';
import { useDocumentTypeName } from '../../components/documentTypes';
import { userQuery } from '../../components/userQuery';
import { ActingForList } from '../../components/ActingFor';

const MAX_PAGES = 10;

async function loadInbox(): Promise<Schemas['InboxItemDto'][]> {
  const items: Schemas['InboxItemDto'][] = [];
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await call(
      api.GET('/api/v1/approvals/inbox', { params: { query: { limit: 100, cursor } } }),
    );
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    if (!cursor) break;
  }
  return items;
}

function ActingFor({ userId }: { userId: string }) {
  const { t, i18n } = useTranslation('inbox');
  const user = useQuery(userQuery(userId));
  return (
    <span className="acting-for">
      <span aria-hidden="true">⇄ </span>
      {t('actingFor', { name: user.data ? displayName(user.data, i18n.language) : '…' })}
    </span>
  );
}

/**
 * My pending tasks, oldest due first, each with who sent it; overdue and acting-for marked in
 * words. The search finds Khmer substrings in titles, reference numbers, types, stages and senders.
 */
export function InboxPage() {
  const { t, i18n } = useTranslation('inbox');
  const format = useFormat();
  const typeName = useDocumentTypeName();
  const searchId = useId();
  // The search is in the address (`?q=`): back from a document, the list is as it was left.
  const [params, setParams] = useSearchParams();
  const query = params.get('q') ?? '';
  const setQuery = (q: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (q) next.set('q', q);
        else next.delete('q');
        return next;
      },
      { replace: true },
    );
  const inbox = useQuery({ queryKey: ['inbox', 'all'], queryFn: loadInbox });
  const now = Date.now();
  const shown = (inbox.data ?? []).filter((i) =>
    matches(
      query,
      i.title,
      i.referenceNumber,
      i.stageName,
      i.stageNameKm,
      typeName(i.documentType),
      i.submitterName,
      i.submitterNameKm,
    ),
  );
  return (
    <Page title={t('title')}>
      <div role="search" className="search">
        <label htmlFor={searchId}>{t('search')}</label>
        <input id={searchId} type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
      </div>
      {inbox.isPending ? (
        <Loading />
      ) : inbox.isError ? (
        <ErrorMessage error={inbox.error} />
      ) : (
        <>
          <p role="status" className="muted">
            {query
              ? t('found', { count: shown.length, n: format.number(shown.length) })
              : t('count', { count: shown.length, n: format.number(shown.length) })}
          </p>
          <ul className="item-list">
            {shown.map((i) => {
              const due = i.dueAt ?? null;
              const overdue = due !== null && Date.parse(due) < now;
              const actingFor = i.actingForId;
              return (
                <li key={i.id} className={overdue ? 'overdue-item' : undefined}>
                  <Link to={`/documents/${i.documentId}`} state={FROM_INBOX} className="item-title">
                    {i.title}
                  </Link>
                  <span className="item-meta">
                    {i.referenceNumber ? <span>{i.referenceNumber}</span> : null}
                    <span>
                      {t('from', { name: localName(i.submitterName, i.submitterNameKm, i18n.language) })}
                    </span>
                    <span>{typeName(i.documentType)}</span>
                    <span>{localName(i.stageName, i.stageNameKm, i18n.language)}</span>
                    {due ? (
                      <span className={overdue ? 'overdue' : undefined}>
                        {overdue ? <span aria-hidden="true">⚠ </span> : null}
                        {overdue
                          ? t('overdue', { time: format.dateTime(due) })
                          : t('due', { time: format.dateTime(due) })}
                      </span>
                    ) : null}
                    {actingFor ? <ActingFor userId={actingFor} /> : null}
                  </span>
                </li>
              );
            })}
          </ul>
        </>
      )}
      <ActingForList headingLevel={2} />
    </Page>
  );
}
