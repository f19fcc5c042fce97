import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, useRouteError } from 'react-router';

/** When a page fails to load or throws: say so, and offer a reload (e.g. after a new version). */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <main id="main" className="standalone">
      <h1>{notFound ? t('notFound.title') : t('failure.title')}</h1>
      <p>{notFound ? t('notFound.text') : t('failure.text')}</p>
      <p className="row">
        <button type="button" onClick={() => window.location.reload()}>
          {t('failure.reload')}
        </button>
        <a href="/">{t('notFound.home')}</a>
      </p>
    </main>
  );
}
