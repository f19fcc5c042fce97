import autocannon, { type Options, type Result } from 'autocannon';
import type { Latency, LoadOptions, LoadResult } from './scenario.js';

export function percentiles(values: Float64Array): Latency {
  if (values.length === 0) return { p50: NaN, p90: NaN, p99: NaN, max: NaN };
  const sorted = values.slice().sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1] };
}

/** Latencies of one run, growing as needed (a run may see hundreds of thousands of answers). */
class Samples {
  private data = new Float64Array(1 << 16);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  values(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

function run(opts: Options, onAnswer?: (status: number, ms: number) => void): Promise<Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
    if (onAnswer) {
      instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) =>
        onAnswer(status, ms),
      );
    }
  });
}

/** Loads `baseUrl + path` for a while with autocannon; 2xx latencies are measured separately. */
export async function load(
  baseUrl: string,
  defaults: { seconds: number; connections: number; warmupSeconds: number },
  options: LoadOptions,
): Promise<LoadResult> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    if (typeof options.body === 'string') {
      body = options.body;
    } else {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
  }
  const connections = options.connections ?? defaults.connections;
  const seconds = options.seconds ?? defaults.seconds;
  const warmup = options.warmupSeconds ?? defaults.warmupSeconds;
  const base: Options = {
    url: new URL(options.path, baseUrl).toString(),
    method: options.method ?? 'GET',
    headers,
    body,
    connections,
    timeout: 30,
  };
  if (warmup > 0) await run({ ...base, duration: warmup });
  const ok = new Samples();
  const result = await run({ ...base, duration: seconds }, (status, ms) => {
    if (status >= 200 && status < 300) ok.push(ms);
  });
  const statusCounts = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]),
  );
  const total = Object.values(statusCounts).reduce((a, b) => a + b, 0);
  const loadResult: LoadResult = {
    requestsPerSecond: ok.length / result.duration,
    answersPerSecond: total / result.duration,
    total,
    statusCounts,
    errors: result.errors,
    timeouts: result.timeouts,
    latencyMs: percentiles(ok.values()),
    allLatencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    connections,
    seconds: result.duration,
  };
  okLatencies.set(loadResult, ok.values());
  return loadResult;
}

/** The 2xx latencies behind each result of `load`, so that several runs can be merged. */
const okLatencies = new WeakMap<LoadResult, Float64Array>();

/** Several runs against one server as if they were one (rates over their summed time). */
export function combineLoads(results: LoadResult[]): LoadResult {
  if (results.length === 0) throw new Error('combineLoads needs at least one result');
  const sum = (pick: (r: LoadResult) => number) => results.reduce((a, r) => a + pick(r), 0);
  const seconds = sum((r) => r.seconds);
  const latencies = results.map((r) => okLatencies.get(r) ?? new Float64Array());
  const all = new Float64Array(latencies.reduce((a, l) => a + l.length, 0));
  latencies.reduce((at, l) => (all.set(l, at), at + l.length), 0);
  const statusCounts: Record<string, number> = {};
  for (const r of results) {
    for (const [code, n] of Object.entries(r.statusCounts))
      statusCounts[code] = (statusCounts[code] ?? 0) + n;
  }
  const worst = (pick: (l: Latency) => number) => Math.max(...results.map((r) => pick(r.allLatencyMs)));
  const combined: LoadResult = {
    requestsPerSecond: sum((r) => r.requestsPerSecond * r.seconds) / seconds,
    answersPerSecond: sum((r) => r.answersPerSecond * r.seconds) / seconds,
    total: sum((r) => r.total),
    statusCounts,
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    latencyMs: percentiles(all),
    // autocannon's histograms cannot be merged: the worst run's, a bound on the merged ones.
    allLatencyMs: {
      p50: worst((l) => l.p50),
      p90: worst((l) => l.p90),
      p99: worst((l) => l.p99),
      max: worst((l) => l.max),
    },
    connections: results[0].connections,
    seconds,
  };
  okLatencies.set(combined, all);
  return combined;
}
