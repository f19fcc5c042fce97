import { defineConfig } from '@playwright/test';
import base from '../e2e/playwright.config';

/** The web benchmark (not a test): `npm run build && npm run bench -w web`. See web.bench.ts. */
export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: /.*\.bench\.ts$/,
  globalSetup: '../e2e/global-setup.ts',
  timeout: 600_000,
  outputDir: '../test-results/bench',
});
