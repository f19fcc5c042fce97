import type { Scenario } from '../scenario.js';

/** The framework's own overhead: the cheapest route against bare Node answering the same JSON. */
const TARGET_RATIO = 0.6;

const scenario: Scenario = {
  name: 'health-live',
  description: 'GET /health/live (no database, no auth)',
  async run(ctx) {
    const result = await ctx.load({ path: '/health/live' });
    const bare = ctx.baselines.bareNodeRps;
    if (!bare) return { ...result, notes: ['no bare Node baseline'] };
    const ratio = result.requestsPerSecond / bare;
    return {
      ...result,
      targets: [
        {
          description: `ratio vs bare Node (target >= ${TARGET_RATIO})`,
          value: ratio,
          met: ratio >= TARGET_RATIO,
        },
      ],
      extra: { ratioVsBareNode: ratio },
    };
  },
};
export default scenario;
