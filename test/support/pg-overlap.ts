import pg from 'pg';

/**
 * Finds queries sent on a pg client while another runs on it (`Promise.all` on one transaction's
 * `em`): pg 8 queues them with a deprecation warning and pg 9 refuses them. Test-only: wraps the
 * client's public `query` to count the queries in flight per client.
 */
export function watchOverlappingQueries(): () => string[] {
  const found: string[] = [];
  const inFlight = new WeakMap<object, number>();
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: object, ...args: unknown[]): unknown {
    const running = inFlight.get(this) ?? 0;
    if (running > 0) {
      const stack = new Error('a query sent while another runs on the same client').stack ?? '';
      // TypeORM's schema builder reads the catalog that way; only the schema-drift test and
      // migration:generate use it, never the application.
      if (!stack.includes('SchemaBuilder')) found.push(stack);
    }
    inFlight.set(this, running + 1);
    const done = () => inFlight.set(this, (inFlight.get(this) ?? 1) - 1);
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const callback = args[last] as (...a: unknown[]) => void;
      args[last] = (...a: unknown[]) => {
        done();
        callback(...a);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args) as
      | { then?: (ok: () => void, bad: () => void) => void; once?: (e: string, f: () => void) => void }
      | undefined;
    if (typeof result?.then === 'function') result.then(done, done);
    else if (typeof result?.once === 'function') {
      result.once('end', done);
      result.once('error', done);
    } else done();
    return result;
  };
  return () => found;
}
