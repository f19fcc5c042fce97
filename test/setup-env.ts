// Quiet, deterministic defaults for every test process.
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL ??= 'silent';
