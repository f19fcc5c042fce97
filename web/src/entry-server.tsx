import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ResourceKey } from 'i18next';
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { StaticRouterProvider, createStaticHandler, createStaticRouter } from 'react-router';
import { type Profile, renderAs } from './auth/session';
import { preloadLazyComponents } from './components/lazyComponent';
import { type Language, i18n, i18nOptions, numbersInLanguage } from './i18n';
import { routes } from './router';

/**
 * The server's render of a signed-in page (built by `vite build --ssr` into `dist/.server/`, loaded
 * by the API's src/ops/web-app.ts): the app's own components, with the page's data as the API would
 * answer it, so the HTML is exactly what the app renders first and the app hydrates it (keeps the
 * server's nodes: no second paint, no jump; web/src/app.tsx).
 */

/** One query's data, under the key the page asks for it (e.g. `['election', id]`). */
export interface PrerenderedQuery {
  key: readonly unknown[];
  data: unknown;
}

export interface RenderInput {
  /** The page's address in the site: its path and query, e.g. `/inbox?q=ផែនការ` (URL-encoded). */
  url: string;
  language: Language;
  /** The signed-in user, as `GET /api/v1/me` answers. */
  user: Profile;
  queries: PrerenderedQuery[];
}

// Every translation is here on the server: nothing loads while a page renders.
const resources: Record<string, Record<string, ResourceKey>> = {};
for (const [path, resource] of Object.entries(
  import.meta.glob<ResourceKey>('./i18n/*/*.json', { eager: true, import: 'default' }),
)) {
  const [, language = '', file = ''] = /\.\/i18n\/([^/]+)\/([^/]+)\.json$/.exec(path) ?? [];
  (resources[language] ??= {})[file] = resource;
}
const namespaces = Object.keys(resources.en ?? {});
void i18n
  .use(numbersInLanguage)
  .use(initReactI18next)
  .init({ ...i18nOptions('en', resources), ns: namespaces, initAsync: false });

const handler = createStaticHandler(routes);

/** The markup of `#root` for the page, or null when the path is no page of the app's (a redirect). */
export async function render(input: RenderInput): Promise<string | null> {
  const context = await handler.query(new Request(new URL(input.url, 'http://app.invalid')));
  if (context instanceof Response) return null;
  // The page's module is loaded now (its route's lazy); so are its separately loaded parts (loaded
  // once per process, then at hand): the page renders whole, not waiting for them.
  await preloadLazyComponents();
  const router = createStaticRouter(handler.dataRoutes, context);
  const client = new QueryClient();
  for (const query of input.queries) client.setQueryData(query.key, query.data);
  const translations = i18n.cloneInstance({ lng: input.language, initAsync: false });
  // From here to the end the render is synchronous: no other request's user can come between.
  renderAs(input.user);
  return renderToString(
    <StrictMode>
      <I18nextProvider i18n={translations}>
        <QueryClientProvider client={client}>
          <StaticRouterProvider router={router} context={context} hydrate={false} />
        </QueryClientProvider>
      </I18nextProvider>
    </StrictMode>,
  );
}
