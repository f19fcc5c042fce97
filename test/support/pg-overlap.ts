import pg from 'pg';

interface InFlight {
  text: string;
  stack: string;
}

/**
 * Finds queries sent on a pg client while another runs on it (`Promise.all` on one transaction's
 * `em`, or a client given back to the pool with a query still running): pg 8 queues them with a
 * deprecation warning and pg 9 refuses them. Test-only: wraps the client's public `query` to keep
 * the queries in flight per client; a finding names both queries and where each was sent from.
 */
export function watchOverlappingQueries(): () => string[] {
  const found: string[] = [];
  const inFlight = new WeakMap<object, Set<InFlight>>();
  const unsettled = new Set<InFlight>();
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: object, ...args: unknown[]): unknown {
    const running = inFlight.get(this) ?? new Set<InFlight>();
    inFlight.set(this, running);
    const entry: InFlight = { text: queryText(args[0]), stack: new Error('sent').stack ?? '' };
    // TypeORM's schema builder reads the catalog that way; only the schema-drift test and
    // migration:generate use it, never the application.
    if (running.size > 0 && !entry.stack.includes('SchemaBuilder')) {
      const others = [...running].map((q) => `  while running ${q.text}\n${indent(q.stack)}`).join('\n');
      found.push(
        `a query sent while another runs on the same client: ${entry.text}\n${indent(entry.stack)}\n${others}`,
      );
    }
    running.add(entry);
    unsettled.add(entry);
    const done = () => {
      running.delete(entry);
      unsettled.delete(entry);
    };
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const callback = args[last] as (...a: unknown[]) => void;
      args[last] = (...a: unknown[]) => {
        done();
        callback(...a);
      };
      return sent(() => original.apply(this, args), done);
    }
    const result = sent(() => original.apply(this, args), done) as
      | { then?: (ok: () => void, bad: () => void) => void; once?: (e: string, f: () => void) => void }
      | undefined;
    if (typeof result?.then === 'function') result.then(done, done);
    else if (typeof result?.once === 'function') {
      result.once('end', done);
      result.once('error', done);
    } else done();
    return result;
  };
  // Asked once the file's apps are closed: a query still in flight then never settled.
  return () => [
    ...found,
    ...[...unsettled].map((q) => `a query that never settled: ${q.text}\n${indent(q.stack)}`),
  ];
}

/** pg refuses some queries by throwing (a null query): one it never queued is not in flight. */
function sent(send: () => unknown, done: () => void): unknown {
  try {
    return send();
  } catch (err) {
    done();
    throw err;
  }
}

function queryText(q: unknown): string {
  const text = typeof q === 'string' ? q : ((q as { text?: string } | undefined)?.text ?? String(q));
  return text.replace(/\s+/g, ' ').slice(0, 120);
}

function indent(stack: string): string {
  return stack
    .split('\n')
    .slice(1, 12)
    .map((l) => `    ${l.trim()}`)
    .join('\n');
}
