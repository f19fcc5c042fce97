/**
 * What a benchmark scenario is. Add one as a file in bench/scenarios/ exporting a `Scenario` as its
 * default export; `npm run bench` runs every file there in name order (BENCH_ONLY=a,b picks some).
 */
export interface Scenario<State = unknown> {
  name: string;
  /** One line for the table. */
  description?: string;
  /** Data the run needs (users, documents...), made through the API before the clock starts. */
  setup?: (ctx: BenchContext) => Promise<State>;
  run: (ctx: BenchContext, state: State) => Promise<ScenarioResult>;
}

export interface LoadOptions {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  /** A JSON body (sent as application/json) or raw text. */
  body?: unknown;
  token?: string;
  /** Defaults: BENCH_CONNECTIONS, BENCH_SECONDS. */
  connections?: number;
  seconds?: number;
  /** A short unmeasured run first so the server's JIT is warm (default BENCH_WARMUP_SECONDS). */
  warmupSeconds?: number;
}

export interface Latency {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface LoadResult {
  /** Accepted (2xx) answers per second over the measured run. */
  requestsPerSecond: number;
  /** Every answer per second, whatever its status. */
  answersPerSecond: number;
  total: number;
  statusCounts: Record<string, number>;
  errors: number;
  timeouts: number;
  /** Latency of the 2xx answers only, milliseconds. */
  latencyMs: Latency;
  /** Latency of every answer, milliseconds (autocannon's own histogram). */
  allLatencyMs: Latency;
  connections: number;
  seconds: number;
}

export interface Target {
  description: string;
  value: number;
  met: boolean;
}

export interface ScenarioResult extends LoadResult {
  notes?: string[];
  targets?: Target[];
  extra?: Record<string, number | string>;
}

export interface Baselines {
  /** Bare Node http answering a small JSON: the ceiling for a framework. */
  bareNodeRps?: number;
  /** `pgbench -N -c 8 -j 2`: what this PostgreSQL sustains for simple writes. */
  pgbenchTps?: number;
}

/** The same-work floors of bench/floors/: a decision completing a one-stage workflow; a ballot. */
export type FloorScript = 'decision' | 'ballot';

/**
 * `bare`: plain Node http; `bare-same-answer`: the same with the headers of our /health/live answer;
 * `nest-floor`: an empty Nest app on Fastify.
 */
export type ReferenceKind = 'bare' | 'bare-same-answer' | 'nest-floor';

/** A reference server answering the JSON of /health/live at `baseUrl + path`. */
export interface ReferenceServer {
  baseUrl: string;
  path: string;
  close(): Promise<void>;
}

export interface BenchContext {
  baseUrl: string;
  /** The database of the server this run started (absent with BENCH_URL). */
  databaseUrl?: string;
  seconds: number;
  connections: number;
  admin: { username: string; password: string };
  baselines: Baselines;
  /** One plain HTTP request (for setup), JSON in and out. */
  request<T = any>(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown },
  ): Promise<{ status: number; body: T }>;
  /** An access token of the admin (logs in once). */
  adminToken(): Promise<string>;
  /**
   * Loads a reference server started for the occasion, the same way (see ReferenceKind), each
   * answering the JSON of /health/live. For
   * scenarios whose ratio should not depend on how the machine changed since the run began.
   */
  measureReference(kind: ReferenceKind, options?: Partial<LoadOptions>): Promise<LoadResult>;
  /**
   * `pgbench -N -c 8 -j 2` for `seconds` now, on the run's pgbench database: for scenarios that put
   * their own measurement between two (undefined when pgbench is absent).
   */
  pgbenchTps(seconds: number): Promise<number | undefined>;
  /**
   * A same-work floor for `seconds` now (`bench/floors/<script>.sql` with `pgbench -M prepared -c 8
   * -j 2`, on the run's pgbench database): the rows one decision or one ballot must write, in its
   * number of transactions; its tps is decisions or ballots per second (undefined without pgbench).
   */
  floorTps(script: FloorScript, seconds: number): Promise<number | undefined>;
  /** Starts a reference server that stays up until closed, for loads interleaved with ours. */
  startReference(kind: ReferenceKind): Promise<ReferenceServer>;
  /** Puts load on one route of the server under test with autocannon and measures it. */
  load(options: LoadOptions): Promise<LoadResult>;
  /** The same against another server (a reference server's `baseUrl`). */
  loadAt(baseUrl: string, options: LoadOptions): Promise<LoadResult>;
  log(message: string): void;
}
