import type { Scenario } from '../scenario.js';

/** The framework's own overhead: the cheapest route against bare Node answering the same JSON. */
const TARGET_RATIO = 0.6;

/**
 * GET /health/live between two runs of bare Node (the ratio is against their mean, so it does not
 * depend on how busy the machine was when the run's first baseline was taken), and beside an empty
 * Nest app on Fastify: the floor that the framework itself sets.
 */
const scenario: Scenario = {
  name: 'health-live',
  description: 'GET /health/live (no database, no auth)',
  async run(ctx) {
    const before = await ctx.measureReference('bare');
    const floor = await ctx.measureReference('nest-floor');
    const result = await ctx.load({ path: '/health/live' });
    const after = await ctx.measureReference('bare');
    const bare = (before.requestsPerSecond + after.requestsPerSecond) / 2;
    const ratio = result.requestsPerSecond / bare;
    const floorRatio = floor.requestsPerSecond / bare;
    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    return {
      ...result,
      targets: [
        {
          description: `ratio vs bare Node (target >= ${TARGET_RATIO})`,
          value: ratio,
          met: ratio >= TARGET_RATIO,
        },
      ],
      notes: [
        `bare Node ${fmt(before.requestsPerSecond)} / ${fmt(after.requestsPerSecond)} req/s before / after`,
        `empty Nest+Fastify app ${fmt(floor.requestsPerSecond)} req/s (ratio ${floorRatio.toFixed(2)}; ours vs it ${(result.requestsPerSecond / floor.requestsPerSecond).toFixed(2)})`,
      ],
      extra: {
        ratioVsBareNode: ratio,
        bareNodeRpsBefore: before.requestsPerSecond,
        bareNodeRpsAfter: after.requestsPerSecond,
        nestFloorRps: floor.requestsPerSecond,
        nestFloorRatioVsBareNode: floorRatio,
      },
    };
  },
};
export default scenario;
