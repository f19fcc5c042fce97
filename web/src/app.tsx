import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { ApiError, dropEarlyAnswers, takeEarlyAnswer } from './api/client';
import { type SentAtStart, currentSession, resumeSession } from './auth/session';
import { applyLanguage, initialLanguage, setUpI18n } from './i18n';
import { dropPrerendered, isPrerendered, isSignedInPrerender, restoreFocus, takeOver } from './prerendered';
import { createRouter } from './router';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // A refusal (4xx) does not get better by asking again.
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      refetchOnWindowFocus: true,
    },
  },
});

/**
 * The app proper, loaded by the entry (main.tsx). `sent`: the sign-in by the refresh cookie, the
 * profile and the page's first data, which the entry already asked for.
 */
export async function start(
  sent: SentAtStart & { firstData: { url: string; response: Promise<Response | null> } | null },
): Promise<void> {
  await setUpI18n(initialLanguage());
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
  const root = createRoot(document.getElementById('root')!);
  const app = (
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </StrictMode>
  );
  if (!isPrerendered()) {
    root.render(app);
    return;
  }
  // The server's page stays until the app can show the same page (its code and translations
  // loaded; for a signed-in page, the session and its language too: not a "Loading" in between),
  // then the app renders over it in one go, keeping what was typed and the focus.
  if (isSignedInPrerender()) {
    await resumed;
    const session = currentSession();
    if (session.status === 'signedIn') await applyLanguage(session.user.locale);
  }
  await initialized(router);
  takeOver();
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
