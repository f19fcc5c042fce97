import { useInfiniteQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ListFoot } from '../../components/ListFoot';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { StatusBadge, documentStatus } from '../../components/StatusBadge';
import { useSettled } from '../../components/settled';
import { useFormat } from '../../i18n/format';
import { useDocumentTypeName } from '../../components/documentTypes';
import { displayName } from '../../components/names';

const BOXES = ['mine', 'decided'] as const;
type Box = (typeof BOXES)[number];
const PAGE_SIZE = 50;

/**
 * My documents (and those I decided), newest first, with their status, a page at a time. The
 * search asks the server (titles and reference numbers, Khmer substrings too), so it finds a
 * document however far down the list it is. Which list and the search are in the address (`?box=`,
 * `?q=`): back from a document, the list is as it was left.
 */
export function DocumentsPage() {
  const { t, i18n } = useTranslation('documents');
  const format = useFormat();
  const typeName = useDocumentTypeName();
  const searchId = useId();
  const [params, setParams] = useSearchParams();
  const box: Box = BOXES.find((b) => b === params.get('box')) ?? 'mine';
  const typed = params.get('q') ?? '';
  const setParam = (name: 'box' | 'q', value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value && !(name === 'box' && value === 'mine')) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  const search = useSettled(typed.trim());
  const list = useInfiniteQuery({
    // Its own key under 'documents' (a refresh of documents reaches it): the home page's short
    // lists are ['documents', box, status], of another shape.
    queryKey: ['documents', 'list', box, search],
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/documents', {
          params: { query: { box, limit: PAGE_SIZE, search: search || undefined, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // While the next search of the same list is asked, its last answer stays (no flash of
    // "Loading" at each pause); another list is not shown as this one meanwhile.
    placeholderData: (previous, query) => (query?.queryKey[2] === box ? previous : undefined),
  });
  const shown = list.data?.pages.flatMap((p) => p.items) ?? [];
  const n = format.number(shown.length);
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
        {BOXES.map((b) => (
          <button key={b} type="button" aria-pressed={box === b} onClick={() => setParam('box', b)}>
            {t(`list.box.${b}`)}
          </button>
        ))}
      </div>
      <div role="search" className="search">
        <label htmlFor={searchId}>{t('list.search')}</label>
        <input
          id={searchId}
          type="search"
          maxLength={200}
          value={typed}
          onChange={(e) => setParam('q', e.target.value)}
        />
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.isError && !list.data ? (
        <ErrorMessage error={list.error} />
      ) : (
        <>
          {shown.length > 0 ? (
            <ul className="item-list">
              {shown.map((d) => (
                <li key={d.id}>
                  <Link to={`/documents/${d.id}`} className="item-title">
                    {d.title}
                  </Link>
                  <span className="item-meta">
                    <StatusBadge status={documentStatus(d)} />
                    {d.referenceNumber ? <span>{d.referenceNumber}</span> : null}
                    <span>{typeName(d.documentType)}</span>
                    <time dateTime={d.updatedAt}>{format.dateTime(d.updatedAt)}</time>
                    {d.decidedForYouBy ? (
                      <span>
                        {t('list.decidedForYouBy', { name: displayName(d.decidedForYouBy, i18n.language) })}
                      </span>
                    ) : null}
                  </span>
                </li>
              ))}
            </ul>
          ) : null}
          <ListFoot
            query={list}
            count={
              shown.length === 0
                ? t(search ? 'list.noneFound' : 'list.empty')
                : list.hasNextPage
                  ? t('list.shownMore', { count: shown.length, n })
                  : t(search ? 'list.found' : 'list.shownAll', { count: shown.length, n })
            }
          />
        </>
      )}
    </Page>
  );
}
