import '@fontsource-variable/noto-sans-khmer/index.css';
import './styles.css';
// The election page is rendered by the server (src/entry-server.tsx) with the entry's styles
// inline: its own styles come with them, so nothing moves when the page's code arrives.
import './features/elections/elections.css';
import { preloadPage, startSession } from './early';

/**
 * The entry: small, so that it runs while the app's code (./app, preloaded by index.html) is still
 * on its way, and starts what the first page needs next (src/early.ts).
 */
const sent = startSession(window.location.pathname);
preloadPage(window.location.pathname);
void import('./app').then((app) => app.start(sent));
