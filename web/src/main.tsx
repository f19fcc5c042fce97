import '@fontsource-variable/noto-sans-khmer/index.css';
import './styles.css';
import { preloadPage, startRefresh } from './early';

/**
 * The entry: small, so that it runs while the app's code (./app, preloaded by index.html) is still
 * on its way, and starts what the first page needs next (src/early.ts).
 */
const refresh = startRefresh();
refresh.catch(() => undefined); // the app reads the failure (signed out)
preloadPage(window.location.pathname);
void import('./app').then((app) => app.start(refresh));
