/** Jest in ESM mode: Nest 12 is ESM-only (see ../shared/STACK.md). */
export default {
  rootDir: '.',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: [
    '<rootDir>/src/**/*.spec.ts',
    '<rootDir>/test/**/*.e2e-spec.ts',
    '<rootDir>/test/**/*.int-spec.ts',
  ],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.spec.json' }],
  },
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  // Closes a test app its file left open (test/support/open-apps.ts).
  setupFilesAfterEnv: ['<rootDir>/test/support/after-file.ts'],
  maxWorkers: 2,
  // Also each hook's: a test app starts in 2-5 s here, but in over 30 s when the machine is loaded
  // (a CI run beside other work timed out 34 hooks starting theirs at 30 s).
  testTimeout: 60000,
};
