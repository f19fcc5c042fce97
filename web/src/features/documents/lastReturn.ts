import type { Schemas } from '../../api/client';

type Task = Schemas['DocumentDto']['stages'][number]['tasks'][number];

/** The task that last returned the document for revision (its comment says why), if any. */
export function lastReturn(doc: Schemas['DocumentDto']): Task | undefined {
  return doc.stages
    .flatMap((s) => s.tasks)
    .filter((task) => task.status === 'returned' && task.decidedAt)
    .sort((a, b) => Date.parse(b.decidedAt!) - Date.parse(a.decidedAt!))[0];
}
