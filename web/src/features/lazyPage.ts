import type { ComponentType } from 'react';
import type { LazyRouteFunction, RouteObject } from 'react-router';
import { i18n } from '../i18n';

/**
 * A route's `lazy`: the area's code and its translations load together (one round trip, not two in
 * a row), and the page renders once both are there.
 */
export function lazyPage<M>(
  namespace: string,
  load: () => Promise<M>,
  pick: (module: M) => ComponentType,
): LazyRouteFunction<RouteObject> {
  return async () => {
    const [module] = await Promise.all([load(), i18n.loadNamespaces(namespace)]);
    return { Component: pick(module) };
  };
}
