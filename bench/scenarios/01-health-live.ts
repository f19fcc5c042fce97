import { combineLoads } from '../load.js';
import type { LoadResult, Scenario } from '../scenario.js';

/** The framework's own overhead: the cheapest route against bare Node answering the same JSON. */
const TARGET_RATIO = 0.6;
/**
 * Rounds of (bare Node, bare Node with our answer's headers, empty Nest app, ours), each server
 * loaded BENCH_SECONDS / ROUNDS per round.
 */
const ROUNDS = Math.max(1, Math.round(Number(process.env.BENCH_HEALTH_ROUNDS ?? 5)));

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * GET /health/live beside bare Node answering the same JSON, bare Node sending also the headers of
 * our answer (the security headers and the request id: reading them costs the load generator, on
 * the same two cores, as much as the server), and an empty Nest app on Fastify (the floor the
 * framework itself sets), the four loaded in turn for ROUNDS short rounds. The speed of
 * this machine changes from one minute to the next (bare Node alone went from 50,000 to 30,000
 * req/s between two runs 20 s apart), so the ratio is the median of the rounds' own ratios: each
 * compares runs seconds apart, and a slow spell moves one round, not the result.
 */
const scenario: Scenario = {
  name: 'health-live',
  description: 'GET /health/live (no database, no auth)',
  async run(ctx) {
    const bare = await ctx.startReference('bare');
    const bareSameAnswer = await ctx.startReference('bare-same-answer');
    const floor = await ctx.startReference('nest-floor');
    try {
      const seconds = ctx.seconds / ROUNDS;
      const servers = [
        { baseUrl: bare.baseUrl, path: bare.path },
        { baseUrl: bareSameAnswer.baseUrl, path: bareSameAnswer.path },
        { baseUrl: floor.baseUrl, path: floor.path },
        { baseUrl: ctx.baseUrl, path: '/health/live' },
      ];
      // Each warmed up once (its JIT; the result is dropped), then the rounds without.
      for (const s of servers) await ctx.loadAt(s.baseUrl, { path: s.path, seconds: 1 });
      const runs: LoadResult[][] = servers.map(() => []);
      for (let round = 0; round < ROUNDS; round++) {
        for (const [i, s] of servers.entries()) {
          runs[i].push(await ctx.loadAt(s.baseUrl, { path: s.path, seconds, warmupSeconds: 0 }));
        }
      }
      const [bareRuns, sameAnswerRuns, floorRuns, ourRuns] = runs;
      const ratiosOf = (of: LoadResult[], to: LoadResult[]) =>
        of.map((r, i) => r.requestsPerSecond / to[i].requestsPerSecond);
      const ratios = ratiosOf(ourRuns, bareRuns);
      const floorRatios = ratiosOf(floorRuns, bareRuns);
      const sameAnswerRatios = ratiosOf(sameAnswerRuns, bareRuns);
      const ratioVsSameAnswer = median(ratiosOf(ourRuns, sameAnswerRuns));
      const ratio = median(ratios);
      const [bareAll, sameAnswerAll, floorAll, ours] = runs.map(combineLoads);
      const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
      const list = (values: number[]) => values.map((v) => v.toFixed(2)).join(' ');
      return {
        ...ours,
        targets: [
          {
            description: `ratio vs bare Node, median of ${ROUNDS} rounds (target >= ${TARGET_RATIO})`,
            value: ratio,
            met: ratio >= TARGET_RATIO,
          },
        ],
        notes: [
          `rounds' ratios ${list(ratios)}`,
          `bare Node ${fmt(bareAll.requestsPerSecond)} req/s (rounds ${bareRuns.map((r) => fmt(r.requestsPerSecond)).join(' ')})`,
          `bare Node with our answer's headers ${fmt(sameAnswerAll.requestsPerSecond)} req/s (median ratio ${median(sameAnswerRatios).toFixed(2)}; ours vs it ${ratioVsSameAnswer.toFixed(2)})`,
          `empty Nest+Fastify app ${fmt(floorAll.requestsPerSecond)} req/s (median ratio ${median(floorRatios).toFixed(2)}; ours vs it ${median(ratiosOf(ourRuns, floorRuns)).toFixed(2)})`,
        ],
        extra: {
          ratioVsBareNode: ratio,
          ratioVsBareNodeOverall: ours.requestsPerSecond / bareAll.requestsPerSecond,
          roundRatios: list(ratios),
          bareNodeRps: bareAll.requestsPerSecond,
          nestFloorRps: floorAll.requestsPerSecond,
          nestFloorRatioVsBareNode: median(floorRatios),
          bareSameAnswerRps: sameAnswerAll.requestsPerSecond,
          bareSameAnswerRatioVsBareNode: median(sameAnswerRatios),
          ratioVsBareSameAnswer: ratioVsSameAnswer,
        },
      };
    } finally {
      await Promise.all([bare.close(), bareSameAnswer.close(), floor.close()]);
    }
  },
};
export default scenario;
