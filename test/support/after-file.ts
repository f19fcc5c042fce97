import { closeLeftovers } from './open-apps.js';
import { watchOverlappingQueries } from './pg-overlap.js';

const overlapping = watchOverlappingQueries();

// After each test file's own hooks (a top-level afterAll of setupFilesAfterEnv runs last).
afterAll(() => closeLeftovers((c) => (c as { isOpen?: () => boolean }).isOpen?.() ?? false), 60_000);
// No file's code sends a query on a client that is still running one (test/support/pg-overlap.ts).
afterAll(() => expect(overlapping()).toEqual([]));
