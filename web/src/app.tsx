import { QueryClient, QueryClientProvider, notifyManager } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { ApiError, dropEarlyAnswers, takeEarlyAnswer } from './api/client';
import { refetchBeforeLinksExpire } from './api/signedLinks';
import { type SentAtStart, currentSession, resumeSession, whenSignedOut } from './auth/session';
import { preloadLazyComponents } from './components/lazyComponent';
import { applyLanguage, i18n, initialLanguage, setUpI18n } from './i18n';
import { localizeValidity } from './i18n/validity';
import {
  dropPrerendered,
  isPrerendered,
  isSignedInPrerender,
  prerenderedQueries,
  restoreFocus,
  takeOver,
} from './prerendered';
import { createRouter } from './router';
import { keepFocusThroughBusyButtons } from './components/busyFocus';

// A request's state reaches the page in the same task, not a timer later (TanStack Query's
// default): a button disabled while its request runs is disabled before a second tap of a double
// tap, which otherwise sent the form twice (two documents, two versions, a delegation twice).
notifyManager.setScheduler(queueMicrotask);

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // A refusal (4xx) does not get better by asking again.
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      refetchOnWindowFocus: true,
      // A page left open keeps its download links alive (they are signed for a while only).
      refetchInterval: (query) => refetchBeforeLinksExpire(query.state.data),
    },
  },
});

// The user's data goes with them: the next person signing in in this tab saw the last one's
// inbox and documents from the cache (for 15 s not even asked again).
whenSignedOut(() => queryClient.clear());

/**
 * The app proper, loaded by the entry (main.tsx). `sent`: the sign-in by the refresh cookie, the
 * profile and the page's first data, which the entry already asked for.
 */
export async function start(
  sent: SentAtStart & { firstData: { url: string; response: Promise<Response | null> } | null },
): Promise<void> {
  await setUpI18n(initialLanguage());
  // The browser's own "Please fill out this field" in the page's language, not the browser's.
  localizeValidity(
    document,
    (key, options) => i18n.t(key, options),
    () => i18n.language,
  );
  keepFocusThroughBusyButtons(document);
  if (sent.firstData) takeEarlyAnswer(sent.firstData.url, sent.firstData.response);
  const resumed = resumeSession(sent);
  const router = createRouter();
  const firstPath = window.location.pathname;
  const stop = router.subscribe((state) => {
    if (state.location.pathname === firstPath) return;
    dropEarlyAnswers();
    dropPrerendered();
    stop();
  });
  const container = document.getElementById('root')!;
  // The same tree as the server's render (src/entry-server.tsx), for hydration.
  const app = (
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </I18nextProvider>
    </StrictMode>
  );
  if (!isPrerendered()) {
    createRoot(container).render(app);
    return;
  }
  // The server's page stays until the app can show the same page (its code and translations
  // loaded; for a signed-in page, the session and its language too: not a "Loading" in between).
  if (isSignedInPrerender()) {
    await resumed;
    const session = currentSession();
    if (session.status === 'signedIn') await applyLanguage(session.user.locale);
  }
  await initialized(router);
  takeOver();
  const queries = prerenderedQueries();
  if (queries) {
    // Rendered by the app's own components: the app hydrates it with the same data, keeping the
    // server's nodes (what was painted stays; nothing is painted twice). Should the two differ
    // (the session ended meanwhile), React renders the page anew.
    // The page's separately loaded parts (lazyComponent) come first, as on the server: one part
    // hydrated before another's code had come would fetch data the other then renders with, over
    // markup made without it (the committee's controls and the results of an election).
    // One that fails to load is not waited for: its part then loads as on any later page.
    await preloadLazyComponents().catch(() => undefined);
    for (const query of queries) queryClient.setQueryData(query.key, query.data);
    hydrateRoot(container, app);
    return;
  }
  // Hand-written markup (login, verification, home, a document: src/ops/web-pages.ts): the app
  // renders over it in one go, keeping what was typed and the focus.
  const root = createRoot(container);
  flushSync(() => root.render(app));
  restoreFocus();
}

function initialized(router: ReturnType<typeof createRouter>): Promise<void> {
  return new Promise((resolve) => {
    if (router.state.initialized) return resolve();
    const stop = router.subscribe((state) => {
      if (!state.initialized) return;
      stop();
      resolve();
    });
  });
}
