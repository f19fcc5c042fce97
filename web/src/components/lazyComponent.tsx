import { type ComponentType, use } from 'react';

const preloads: (() => Promise<unknown>)[] = [];

/**
 * A component whose code loads when it is first shown (its own chunk, like React.lazy), inside a
 * Suspense boundary. Unlike React.lazy it can be loaded ahead: the server's render loads them before
 * it renders a page (preloadLazyComponents), so a page is rendered whole on the server and the
 * browser hydrates it; React.lazy suspends on its first render in every process, and the server's
 * first page with one was rendered anew in the browser (React's error #419).
 */
export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let Loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  const preload = () =>
    (loading ??= load().then((component) => {
      Loaded = component;
      return component;
    }));
  preloads.push(preload);
  function Lazy(props: P) {
    const Component = Loaded ?? use(preload());
    return <Component {...props} />;
  }
  return Lazy;
}

/**
 * Loads the code of every lazyComponent of the modules loaded so far: on the server all of them,
 * once; in the browser, before it hydrates a page, the page's (its route's module is loaded then).
 */
export function preloadLazyComponents(): Promise<unknown> {
  return Promise.all(preloads.map((preload) => preload()));
}
