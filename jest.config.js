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
  // A worker whose heap passed this after a file is replaced by a fresh one. Under Jest's ESM mode a
  // worker keeps much of each finished file's module graph (3,400 modules, the app's and its
  // libraries'): 40-80 MB a file even for a file that only imports the app, so by its sixtieth file
  // a worker spent much of its time collecting a heap of gigabytes. Measured on this machine's two
  // cores, the whole API suite: 362-369 s without a limit; 282 s at 500 MB, 285 s at 1,200 MB (a new
  // worker costs well under a second to start).
  workerIdleMemoryLimit: '500MB',
  // How long a worker may take to exit once its files are done before Jest kills it and warns of a
  // leak. Its own default, 500 ms, is shorter than a worker's ordinary exit on two busy cores: the
  // process ends its JavaScript in milliseconds, with nothing left open, but tearing down its heap
  // took 200-700 ms under the suite's load, so the warning came with no leak to find. A worker that
  // does leak (a timer, a socket) never exits, and is still reported after this wait.
  workerGracefulExitTimeout: 10_000,
  // Also each hook's: a test app starts in 2-5 s here, but in over 30 s when the machine is loaded
  // (a CI run beside other work timed out 34 hooks starting theirs at 30 s).
  testTimeout: 60000,
};
