import { closeLeftovers } from './open-apps.js';

// After each test file's own hooks (a top-level afterAll of setupFilesAfterEnv runs last).
afterAll(() => closeLeftovers((c) => (c as { isOpen?: () => boolean }).isOpen?.() ?? false), 60_000);
