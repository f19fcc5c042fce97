import { randomBytes } from 'node:crypto';
import { OrgPost } from '../../src/org/entities/org-post.entity.js';
import { OrgUnit } from '../../src/org/entities/org-unit.entity.js';
import { adminToken, createUserWithToken } from '../helpers/auth.js';
import type { TestApp } from '../helpers/test-app.js';
import { waitFor } from '../support/wait.js';

export interface Person {
  id: string;
  token: string;
  username: string;
}

/** A unit straight in the database (a unique code unless given). */
export async function makeUnit(
  t: TestApp,
  partial: { code?: string; name?: string; parentId?: string | null } = {},
) {
  const repo = t.dataSource.getRepository(OrgUnit);
  return repo.save(
    repo.create({
      code: partial.code ?? `U${randomBytes(3).toString('hex').toUpperCase()}`,
      name: partial.name ?? 'Office of tests',
      nameKm: 'ការិយាល័យសាកល្បង',
      parentId: partial.parentId ?? null,
    }),
  );
}

export async function makePerson(
  t: TestApp,
  orgUnitId: string | null = null,
  fullName?: string,
): Promise<Person> {
  const { user, token } = await createUserWithToken(t, { orgUnitId, ...(fullName ? { fullName } : {}) });
  return { id: user.id, token, username: user.username };
}

export async function makePost(
  t: TestApp,
  orgUnitId: string,
  userId: string,
  kind: 'head' | 'deputy' | 'member' = 'head',
  title = 'Head of office',
) {
  const repo = t.dataSource.getRepository(OrgPost);
  return repo.save(
    repo.create({ orgUnitId, userId, kind, title, titleKm: 'ប្រធានការិយាល័យ', validFrom: null, validTo: null }),
  );
}

export async function saveWorkflow(t: TestApp, body: Record<string, unknown>) {
  const res = await t.post('/api/v1/workflows', body, { token: await adminToken(t) });
  if (res.status !== 201) throw new Error(`workflow: ${res.status} ${res.raw}`);
  return res.body;
}

/** A unique document type per test, so templates of one test never match another's documents. */
export const docType = () => `type_${randomBytes(4).toString('hex')}`;

/**
 * Saves a workflow template named `<name> <type>` with these stages, for a document type of its own
 * (so no other test's template matches its documents), and returns the type.
 */
export async function workflowType(
  t: TestApp,
  name: string,
  stages: Record<string, unknown>[],
): Promise<string> {
  const type = docType();
  await saveWorkflow(t, { name: `${name} ${type}`, documentType: type, stages });
  return type;
}

export async function createDoc(
  t: TestApp,
  who: Person,
  body: Record<string, unknown> & { documentType: string },
): Promise<any> {
  const res = await t.post(
    '/api/v1/documents',
    { title: 'ផែនការថវិកា Budget plan', body: 'text v1', ...body },
    { token: who.token },
  );
  if (res.status !== 201) throw new Error(`create document: ${res.status} ${res.raw}`);
  return res.body;
}

export async function submit(
  t: TestApp,
  who: Person,
  id: string,
  body: Record<string, unknown> = {},
): Promise<any> {
  const res = await t.post(`/api/v1/documents/${id}/submit`, body, { token: who.token });
  if (res.status !== 200) throw new Error(`submit: ${res.status} ${res.raw}`);
  return res.body;
}

/** `who` creates a document of `type` and submits it: the submitted document. */
export async function createAndSubmit(t: TestApp, who: Person, type: string): Promise<any> {
  return submit(t, who, (await createDoc(t, who, { documentType: type })).id);
}

export async function getDoc(t: TestApp, who: Person | string, id: string): Promise<any> {
  const token = typeof who === 'string' ? who : who.token;
  const res = await t.get(`/api/v1/documents/${id}`, { token });
  if (res.status !== 200) throw new Error(`get document: ${res.status} ${res.raw}`);
  return res.body;
}

/**
 * `who` submits a new document through one stage with an SLA: `approver` has `slaHours` (a few
 * seconds' worth in a test) before the reminder and escalation jobs run, and the escalation goes to
 * `escalateTo`. Returns the submitted document and its one task's id.
 */
export async function submitThroughSlaStage(
  t: TestApp,
  who: Person,
  approver: Person,
  escalateTo: Person,
  slaHours: number,
): Promise<{ doc: any; taskId: string }> {
  const type = await workflowType(t, 'sla', [
    {
      name: 'Slow',
      mode: 'all',
      slaHours,
      escalateToUserId: escalateTo.id,
      approvers: [{ userId: approver.id }],
    },
  ]);
  const doc = await createAndSubmit(t, who, type);
  return { doc, taskId: doc.tasks[0].id };
}

/** The document as `who` sees it, once its first stage's task `taskId` is `ready` (waited for). */
export async function docOnceTask(
  t: TestApp,
  who: Person,
  documentId: string,
  taskId: string,
  what: string,
  ready: (task: any) => unknown,
): Promise<any> {
  return waitFor(what, async () => {
    const doc = await getDoc(t, who, documentId);
    return ready(doc.stages[0].tasks.find((x: any) => x.id === taskId)) ? doc : undefined;
  });
}

/** The pending task of a user on a document, once the worker has created it. */
export async function pendingTask(
  t: TestApp,
  who: Person,
  documentId: string,
  timeoutMs?: number,
): Promise<any> {
  return waitFor(
    `a pending task for ${who.username}`,
    async () => {
      const doc = await getDoc(t, await adminToken(t), documentId);
      return doc.stages
        .flatMap((s: any) => s.tasks)
        .find((x: any) => x.assigneeId === who.id && x.status === 'pending');
    },
    { timeoutMs },
  );
}

export async function decide(
  t: TestApp,
  who: Person,
  taskId: string,
  action: 'approve' | 'reject' | 'return' | 'recall',
  body: Record<string, unknown> = {},
  headers?: Record<string, string>,
) {
  return t.post(`/api/v1/approval-tasks/${taskId}/${action}`, body, { token: who.token, headers });
}

export async function docStatus(
  t: TestApp,
  documentId: string,
  status: string,
  timeoutMs?: number,
): Promise<any> {
  return waitFor(
    `document status ${status}`,
    async () => {
      const doc = await getDoc(t, await adminToken(t), documentId);
      return doc.status === status ? doc : undefined;
    },
    { timeoutMs },
  );
}

/** Who acted before, as `who`'s inbox shows it on their pending task of a document: `stage:name:status`. */
export async function actedBefore(t: TestApp, who: Person, documentId: string): Promise<string[]> {
  await pendingTask(t, who, documentId);
  const inbox = await t.get('/api/v1/approvals/inbox', { token: who.token, query: { limit: '100' } });
  const item = inbox.body.items.find((x: any) => x.documentId === documentId);
  if (!item) throw new Error(`no inbox item for ${documentId}`);
  return item.actedBefore.map(
    (a: any) => `${a.stage}:${a.name}:${a.status}${a.comment ? `:${a.comment}` : ''}`,
  );
}
