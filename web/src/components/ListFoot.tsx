import { useTranslation } from 'react-i18next';
import { ErrorMessage } from './ErrorMessage';

/** What a list shown a page at a time needs of its query (TanStack's infinite query). */
interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  error: unknown;
  fetchNextPage: () => Promise<unknown>;
}

/**
 * The foot of a list shown a page at a time: how many it shows (`count`, a status read out when it
 * changes), the refusal of the last page asked for, and "Show more" while there are more.
 */
export function ListFoot({ query, count }: { query: PagedQuery; count: string }) {
  const { t } = useTranslation();
  return (
    <>
      <p className="list-count" role="status">
        {count}
      </p>
      {query.isFetchNextPageError ? <ErrorMessage error={query.error} /> : null}
      {query.hasNextPage ? (
        <button type="button" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
          {query.isFetchingNextPage ? t('loading') : t('showMore')}
        </button>
      ) : null}
    </>
  );
}
