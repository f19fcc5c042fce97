import { adminToken } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import {
  createAndSubmit,
  createDoc,
  decide,
  docOnceTask,
  docType,
  getDoc,
  makePerson,
  makePost,
  makeUnit,
  pendingTask,
  type Person,
  saveWorkflow,
  submit,
  submitThroughSlaStage,
  workflowType,
} from './approvals-fixtures.js';
import { waitFor } from '../support/wait.js';

/** Issue 14 items 2, 3 and 9: what a submitter cannot do to their own document's route and numbers. */
describe('approvals: the submitter cannot weaken the route, approve their own document, or issue for another unit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const counter = async (unitId: string): Promise<number | null> => {
    const rows = await t.dataSource.query(`SELECT last FROM reference_counters WHERE org_unit_id = $1`, [
      unitId,
    ]);
    return rows[0]?.last ?? null;
  };

  /** The document as its submitter sees it, with its tasks of every stage. */
  const allTasks = (doc: any): any[] => doc.stages.flatMap((s: any) => s.tasks);

  const delegate = async (from: Person, to: Person) => {
    const res = await t.post(
      '/api/v1/delegations',
      {
        toUserId: to.id,
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      },
      { token: from.token },
    );
    if (res.status !== 201) throw new Error(`delegation: ${res.status} ${res.raw}`);
  };

  /** A unit's staff member, an approving head and a minister, a new type, and the two routes of it. */
  const headAndMinister = async () => {
    const unit = await makeUnit(t);
    const staff = await makePerson(t, unit.id, 'Staff');
    const head = await makePerson(t, null, 'Head');
    const minister = await makePerson(t, null, 'Minister');
    const type = docType();
    const headOnly = [{ name: 'Head', mode: 'any', approvers: [{ userId: head.id }] }];
    const withMinister = [
      ...headOnly,
      { name: 'Minister', mode: 'any', approvers: [{ userId: minister.id }] },
    ];
    return { unit, staff, head, minister, type, headOnly, withMinister };
  };

  it('a returned document whose amount now calls for another workflow is not sent back on the shorter route', async () => {
    const { staff, head, type, headOnly, withMinister } = await headAndMinister();
    await saveWorkflow(t, { name: `small ${type}`, documentType: type, stages: headOnly });
    const large = await saveWorkflow(t, {
      name: `large ${type}`,
      documentType: type,
      condition: { field: 'amount', op: '>', value: 10000 },
      stages: withMinister,
    });
    const doc = await submit(
      t,
      staff,
      (await createDoc(t, staff, { documentType: type, metadata: { amount: 5000 } })).id,
    );
    const task = await pendingTask(t, head, doc.id);
    expect((await decide(t, head, task.id, 'return', { reason: 'ចំនួនទឹកប្រាក់ខុស' })).status).toBe(200);
    const version = (metadata: Record<string, unknown>) =>
      t.post(`/api/v1/documents/${doc.id}/versions`, { body: 'text v2', metadata }, { token: staff.token });

    // Raised past the threshold: the Minister's workflow applies now; the head alone may not sign it off.
    expect((await version({ amount: 50000 })).status).toBe(201);
    const refused = await t.post(`/api/v1/documents/${doc.id}/submit`, {}, { token: staff.token });
    expect([refused.status, refused.body.code]).toEqual([409, 'WORKFLOW_CHANGED']);
    expect(refused.body.details).toMatchObject({ workflow: { id: large.id, name: `large ${type}` } });
    const still = await getDoc(t, staff, doc.id);
    expect([
      still.status,
      still.request.round,
      allTasks(still).filter((x) => x.status === 'pending'),
    ]).toEqual(['returned', 1, []]);
    // A number the conditions compare, missing: the same refusal as a first submission.
    expect((await version({ note: 'x' })).status).toBe(201);
    const missing = await t.post(`/api/v1/documents/${doc.id}/submit`, {}, { token: staff.token });
    expect([missing.status, missing.body.code]).toEqual([400, 'METADATA_NUMBER_REQUIRED']);
    // Corrected within the route it started on, the details alone (the same text, a version of its
    // own): it goes back, from the first stage (the details changed).
    const nothing = await t.post(`/api/v1/documents/${doc.id}/versions`, {}, { token: staff.token });
    expect([nothing.status, nothing.body.code]).toEqual([400, 'CONTENT_REQUIRED']);
    const corrected = await t.post(
      `/api/v1/documents/${doc.id}/versions`,
      { metadata: { amount: 6000 }, note: 'ចំនួនទឹកប្រាក់បានកែ' },
      { token: staff.token },
    );
    expect(corrected.status).toBe(201);
    const [before, after] = corrected.body.versions.slice(-2);
    expect(after).toMatchObject({ sha256: before.sha256, size: before.size, metadata: { amount: 6000 } });
    expect(corrected.body.metadata).toEqual({ amount: 6000 });
    const back = await t.post(`/api/v1/documents/${doc.id}/submit`, {}, { token: staff.token });
    expect([back.status, back.body.status, back.body.request.round]).toEqual([200, 'in_review', 2]);
    expect(await pendingTask(t, head, doc.id)).toBeTruthy();
  });

  it('#14.2 the route cannot be weakened by the submitter: only an active template whose condition matches, or 400 and nothing changes', async () => {
    const { unit, staff, type, headOnly, withMinister } = await headAndMinister();
    const small = await saveWorkflow(t, { name: `small ${type}`, documentType: type, stages: headOnly });
    const large = await saveWorkflow(t, {
      name: `large ${type}`,
      documentType: type,
      condition: { field: 'amount', op: '>', value: 10000 },
      stages: withMinister,
    });
    // As specific as `large` and matching too: the submitter may choose between the two.
    const itWf = await saveWorkflow(t, {
      name: `it ${type}`,
      documentType: type,
      condition: { field: 'category', op: '=', value: 'it' },
      stages: withMinister,
    });
    const tiny = await saveWorkflow(t, {
      name: `tiny ${type}`,
      documentType: type,
      condition: { field: 'amount', op: '<', value: 100 },
      stages: headOnly,
    });
    // A retired version (version 1 of a name saved twice) and another type's template.
    const retired = await saveWorkflow(t, {
      name: `retired ${type}`,
      documentType: type,
      condition: {
        and: [
          { field: 'amount', op: '>', value: 1 },
          { field: 'amount', op: '>', value: 2 },
        ],
      },
      stages: headOnly,
    });
    await saveWorkflow(t, {
      name: `retired ${type}`,
      documentType: type,
      condition: { field: 'amount', op: '<', value: 0 },
      stages: headOnly,
    });
    const foreign = await saveWorkflow(t, {
      name: `foreign ${type}`,
      documentType: docType(),
      stages: headOnly,
    });

    const doc = await createDoc(t, staff, {
      documentType: type,
      metadata: { amount: 25000, category: 'it' },
    });
    const refused = [
      [small.id, 'matches, but a more specific template matches too (skips the minister)'],
      [tiny.id, 'its condition does not hold'],
      [retired.id, 'an inactive version'],
      [foreign.id, 'another document type'],
      ['00000000-0000-4000-8000-000000000000', 'no such template'],
    ];
    for (const [workflowId, why] of refused) {
      const res = await t.post(`/api/v1/documents/${doc.id}/submit`, { workflowId }, { token: staff.token });
      expect([why, res.status, res.body.code]).toEqual([why, 400, 'WORKFLOW_NOT_APPLICABLE']);
      expect(res.body.details[0].field).toBe('workflowId');
    }
    // Nothing changed: still a draft, no request, no reference number spent.
    const after = await getDoc(t, staff, doc.id);
    expect([after.status, after.referenceNumber, after.request]).toEqual(['draft', null, null]);
    expect(await counter(unit.id)).toBeNull();

    // Among the applicable ones (equally specific, both matching), the submitter's choice holds.
    const chosen = await submit(t, staff, doc.id, { workflowId: itWf.id });
    expect(chosen.request.templateId).toBe(itWf.id);
    expect(chosen.stages.map((s: any) => s.name)).toEqual(['Head', 'Minister']);
    expect(chosen.referenceNumber).toBe(`${unit.code}/${chosen.referenceNumber.split('/')[1]}/00001`);
    // Without a choice: the template chosen by type and condition.
    const plain = await createDoc(t, staff, { documentType: type, metadata: { amount: 25000 } });
    expect((await submit(t, staff, plain.id)).request.templateId).toBe(large.id);
    const cheap = await createDoc(t, staff, { documentType: type, metadata: { amount: 500 } });
    expect((await submit(t, staff, cheap.id, { workflowId: small.id })).request.templateId).toBe(small.id);
  });

  it('#14.3 nobody approves their own document: a delegation to the submitter is not followed', async () => {
    const staff = await makePerson(t, (await makeUnit(t)).id, 'Staff');
    const director = await makePerson(t, null, 'Director');
    await delegate(director, staff);
    const type = await workflowType(t, 'deleg', [
      { name: 'Director', mode: 'all', approvers: [{ userId: director.id }] },
    ]);
    const s = await createAndSubmit(t, staff, type);
    expect(s.tasks).toHaveLength(1);
    expect(s.tasks[0]).toMatchObject({ assigneeId: director.id, actingForId: null });
    expect(s.stages[0].routingNotes).toEqual([
      expect.objectContaining({ outcome: 'resolved' }),
      expect.objectContaining({
        outcome: 'delegate_is_submitter',
        userId: director.id,
        skippedUserId: staff.id,
      }),
    ]);
  });

  it('nobody signs one document twice: a delegate who approved an earlier stage does not get a later one acting for its approver', async () => {
    const unit = await makeUnit(t);
    const staff = await makePerson(t, unit.id, 'Staff');
    const head = await makePerson(t, null, 'Office head');
    const director = await makePerson(t, null, 'Director away');
    // The director, away, hands his approvals to the office head, who signs the stage before his.
    await delegate(director, head);
    const type = await workflowType(t, 'twice', [
      { name: 'Head', mode: 'all', approvers: [{ userId: head.id }] },
      { name: 'Director', mode: 'all', approvers: [{ userId: director.id }] },
    ]);
    // The route shown before submitting already says so.
    const draft = await createDoc(t, staff, { documentType: type });
    const preview = await t.get(`/api/v1/documents/${draft.id}/route-preview`, { token: staff.token });
    expect(preview.status).toBe(200);
    expect(preview.body.stages[1].approvers).toEqual([
      expect.objectContaining({ assignee: expect.objectContaining({ id: director.id }), actingFor: null }),
    ]);
    expect(preview.body.stages[1].routingNotes).toEqual([
      expect.objectContaining({ outcome: 'resolved' }),
      expect.objectContaining({
        outcome: 'delegate_approved_earlier',
        userId: director.id,
        delegateId: head.id,
      }),
    ]);

    const s = await submit(t, staff, draft.id);
    const first = await pendingTask(t, head, s.id);
    expect((await decide(t, head, first.id, 'approve')).status).toBe(200);
    const second = await pendingTask(t, director, s.id);
    expect(second).toMatchObject({ assigneeId: director.id, actingForId: null });
    const doc = await getDoc(t, staff, s.id);
    expect(doc.stages[1].tasks.map((x: any) => x.assigneeId)).toEqual([director.id]);
    expect(doc.stages[1].routingNotes).toEqual([
      expect.objectContaining({ outcome: 'resolved' }),
      expect.objectContaining({
        outcome: 'delegate_approved_earlier',
        userId: director.id,
        delegateId: head.id,
      }),
    ]);
    // The head has nothing more to sign on it.
    const inbox = await t.get('/api/v1/approvals/inbox', { token: head.token });
    expect(inbox.body.items.filter((i: any) => i.documentId === s.id)).toEqual([]);
  });

  it('#14.3 nobody approves their own document: the vacant post escalated to the submitter goes to the superior', async () => {
    const ministry = await makeUnit(t);
    const secretary = await makePerson(t, null, 'Secretary of State');
    await makePost(t, ministry.id, secretary.id, 'head', 'Secretary of State');
    const vacant = await makeUnit(t, { parentId: ministry.id });
    const staff = await makePerson(t, vacant.id, 'Staff');
    const type = await workflowType(t, 'vacant', [
      {
        name: 'Director',
        mode: 'all',
        approvers: [{ orgUnitId: vacant.id, post: 'head' }],
        escalateToUserId: staff.id,
      },
    ]);
    const s = await createAndSubmit(t, staff, type);
    expect(s.tasks.map((x: any) => x.assigneeId)).toEqual([secretary.id]);
    expect(s.tasks[0].origin).toBe('next_in_line');
    expect(s.stages[0].routingNotes).toEqual([
      expect.objectContaining({
        outcome: 'submitter_skipped_routed_to_superior',
        userId: secretary.id,
        skippedUserId: staff.id,
      }),
    ]);
  });

  it('#14.3 nobody approves their own document: a submitter holding the post is passed over to the superior (relative and by post)', async () => {
    const parent = await makeUnit(t);
    const parentHead = await makePerson(t, null, 'Parent head');
    await makePost(t, parent.id, parentHead.id, 'head', 'Director general');
    const own = await makeUnit(t, { parentId: parent.id });
    const staff = await makePerson(t, own.id, 'Head who submits');
    await makePost(t, own.id, staff.id, 'head', 'Director');
    const other = await makeUnit(t);
    const otherHead = await makePerson(t, null, 'Other head');
    await makePost(t, other.id, otherHead.id, 'head', 'Head of other');
    await makePost(t, other.id, staff.id, 'deputy', 'Deputy of other');
    const type = await workflowType(t, 'own', [
      {
        name: 'Heads',
        mode: 'all',
        approvers: [{ relative: 'submitter_unit_head' }, { orgUnitId: other.id, post: 'deputy' }],
      },
    ]);
    const s = await createAndSubmit(t, staff, type);
    expect(s.tasks.map((x: any) => x.assigneeId).sort()).toEqual([parentHead.id, otherHead.id].sort());
    expect(s.stages[0].routingNotes).toEqual([
      expect.objectContaining({ outcome: 'submitter_skipped_routed_to_superior', userId: parentHead.id }),
      expect.objectContaining({ outcome: 'submitter_skipped_routed_to_superior', userId: otherHead.id }),
    ]);
    // The signed manifest names the superior's own post.
    expect(s.tasks.find((x: any) => x.assigneeId === parentHead.id).origin).toBe('next_in_line');
  });

  it('#14.3 nobody approves their own document: named by user, the escalation target takes it; the submitter as target blocks', async () => {
    const staff = await makePerson(t, (await makeUnit(t)).id, 'Staff');
    const target = await makePerson(t, null, 'Target');
    const type = await workflowType(t, 'self', [
      { name: 'Self', mode: 'all', approvers: [{ userId: staff.id }], escalateToUserId: target.id },
    ]);
    const s = await createAndSubmit(t, staff, type);
    expect(s.tasks.map((x: any) => x.assigneeId)).toEqual([target.id]);
    expect(s.stages[0].routingNotes).toEqual([
      expect.objectContaining({ outcome: 'submitter_skipped_routed_to_escalation', userId: target.id }),
    ]);
    const type2 = docType();
    await saveWorkflow(t, {
      name: `self2 ${type2}`,
      documentType: type2,
      stages: [{ name: 'Self', mode: 'all', approvers: [{ userId: staff.id }], escalateToUserId: staff.id }],
    });
    const doc = await createDoc(t, staff, { documentType: type2 });
    const res = await t.post(`/api/v1/documents/${doc.id}/submit`, {}, { token: staff.token });
    expect([res.status, res.body.code]).toEqual([409, 'WORKFLOW_BLOCKED']);
    expect((await getDoc(t, staff, doc.id)).status).toBe('draft');
  });

  it('#14.3 nobody approves their own document: no SLA escalation or reassignment to the submitter', async () => {
    const staff = await makePerson(t, (await makeUnit(t)).id, 'Staff');
    const slow = await makePerson(t, null, 'Slow');
    const { doc: s, taskId } = await submitThroughSlaStage(t, staff, slow, staff, 0.0003);
    const escalated = await docOnceTask(t, staff, s.id, taskId, 'escalation', (tk) => tk.escalatedAt);
    expect(allTasks(escalated).map((x: any) => x.assigneeId)).toEqual([slow.id]);
    expect(escalated.stages[0].routingNotes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ outcome: 'escalation_target_is_submitter', skippedUserId: staff.id }),
      ]),
    );
    const admin = await adminToken(t);
    const moved = await t.post(
      `/api/v1/approval-tasks/${taskId}/reassign`,
      { userId: staff.id, reason: 'try' },
      { token: admin },
    );
    expect([moved.status, moved.body.code]).toEqual([400, 'ASSIGNEE_IS_SUBMITTER']);
    expect(allTasks(await getDoc(t, staff, s.id)).map((x: any) => x.assigneeId)).toEqual([slow.id]);
  });

  it('#14.3 nobody approves their own document: a later stage that only the submitter could take is blocked, and no admin routes it to them', async () => {
    const staff = await makePerson(t, (await makeUnit(t)).id, 'Staff');
    const first = await makePerson(t, null, 'First');
    const acting = await makePerson(t, null, 'Acting');
    const type = await workflowType(t, 'later', [
      { name: 'First', mode: 'any', approvers: [{ userId: first.id }] },
      { name: 'Self', mode: 'any', approvers: [{ userId: staff.id }] },
    ]);
    const s = await createAndSubmit(t, staff, type);
    expect((await decide(t, first, s.tasks[0].id, 'approve')).status).toBe(200);
    const blocked = await waitFor('the request blocked', async () => {
      const d = await getDoc(t, staff, s.id);
      return d.request.status === 'blocked' ? d : undefined;
    });
    expect(allTasks(blocked).map((x: any) => x.assigneeId)).toEqual([first.id]);
    expect(blocked.stages[1].routingNotes).toEqual([
      expect.objectContaining({ outcome: 'submitter_skipped_no_one', skippedUserId: staff.id }),
    ]);
    const admin = await adminToken(t);
    const route = (userId: string) =>
      t.post(
        `/api/v1/approval-requests/${blocked.request.id}/route`,
        { userId, reason: 'x' },
        { token: admin },
      );
    const refused = await route(staff.id);
    expect([refused.status, refused.body.code]).toEqual([400, 'ASSIGNEE_IS_SUBMITTER']);
    expect((await getDoc(t, staff, s.id)).request.status).toBe('blocked');
    expect((await route(acting.id)).status).toBe(200);
    // The one it was routed to is told it waits on them, who gave it to them and why.
    const given = await waitFor('the new approver told', async () => {
      const items = (await t.get('/api/v1/notifications', { token: acting.token })).body.items;
      return items.find((n: any) => n.kind === 'approval.task_assigned' && n.link === `/documents/${s.id}`);
    });
    expect(given.body).toContain('ភារកិច្ចនេះត្រូវបានប្រគល់មកអ្នកដោយ អ្នកគ្រប់គ្រងប្រព័ន្ធ៖ «x»។');
    // The submitter hears whom it waits on now (in Khmer, the test users' language), and why.
    const told = await waitFor('the submitter told', async () => {
      const items = (await t.get('/api/v1/notifications', { token: staff.token })).body.items;
      return items.find((n: any) => n.kind === 'approval.handed_over' && n.link === `/documents/${s.id}`);
    });
    expect(told.title).toMatch(/ឥឡូវរង់ចាំ សុខ ស៊ាន [0-9a-f]{8}$/);
    expect(told.body).toMatch(/នៅដំណាក់កាល «Self» ត្រូវបានប្រគល់ទៅ សុខ ស៊ាន [0-9a-f]{8} ដោយ .+៖ «x»។$/);
  });

  it('#14.3 nobody approves their own document: the submitter holding a task anyway cannot decide it (403)', async () => {
    const staff = await makePerson(t, (await makeUnit(t)).id, 'Staff');
    const a = await makePerson(t, null, 'A');
    const type = await workflowType(t, 'guard', [{ name: 'A', mode: 'any', approvers: [{ userId: a.id }] }]);
    const s = await createAndSubmit(t, staff, type);
    // A task that reached the submitter by some path routing does not know of (or written before this rule).
    await t.dataSource.query(`UPDATE approval_tasks SET assignee_id = $2 WHERE id = $1`, [
      s.tasks[0].id,
      staff.id,
    ]);
    for (const action of ['approve', 'reject', 'return'] as const) {
      const res = await decide(
        t,
        staff,
        s.tasks[0].id,
        action,
        action === 'approve' ? {} : { reason: 'mine' },
      );
      expect([action, res.status, res.body.code]).toEqual([action, 403, 'SUBMITTER_CANNOT_DECIDE']);
    }
    const doc = await getDoc(t, staff, s.id);
    expect([doc.status, doc.tasks[0].status]).toEqual(['in_review', 'pending']);
  });

  it('#14.9 issue only for your own unit: members and post holders may; anyone else (admins too) gets 403 and no number is spent', async () => {
    const mine = await makeUnit(t);
    const foreign = await makeUnit(t);
    const posted = await makeUnit(t);
    const staff = await makePerson(t, mine.id, 'Staff');
    await makePost(t, posted.id, staff.id, 'member', 'Adviser');
    const approver = await makePerson(t, null, 'Approver');
    const type = await workflowType(t, 'issuer', [
      { name: 'A', mode: 'any', approvers: [{ userId: approver.id }] },
    ]);
    const create = (token: string, orgUnitId: string) =>
      t.post('/api/v1/documents', { title: 'ឯកសារ', documentType: type, body: 'x', orgUnitId }, { token });
    let res = await create(staff.token, foreign.id);
    expect([res.status, res.body.code]).toEqual([403, 'ORG_UNIT_NOT_YOURS']);
    res = await create(await adminToken(t), foreign.id);
    expect([res.status, res.body.code]).toEqual([403, 'ORG_UNIT_NOT_YOURS']);
    expect(
      await t.dataSource.query(`SELECT 1 FROM documents WHERE org_unit_id = $1`, [foreign.id]),
    ).toHaveLength(0);
    // Its own unit, and a unit where it holds a post.
    expect((await createAndSubmit(t, staff, type)).referenceNumber).toMatch(new RegExp(`^${mine.code}/`));
    res = await create(staff.token, posted.id);
    expect(res.status).toBe(201);
    expect((await submit(t, staff, res.body.id)).referenceNumber).toMatch(new RegExp(`^${posted.code}/`));
    // A draft naming another unit (made before this rule, or the submitter has since left it): refused at submission.
    const draft = await createDoc(t, staff, { documentType: type });
    await t.dataSource.query(`UPDATE documents SET org_unit_id = $2 WHERE id = $1`, [draft.id, foreign.id]);
    res = await t.post(`/api/v1/documents/${draft.id}/submit`, {}, { token: staff.token });
    expect([res.status, res.body.code]).toEqual([403, 'ORG_UNIT_NOT_YOURS']);
    expect((await getDoc(t, staff, draft.id)).referenceNumber).toBeNull();
    expect(await counter(foreign.id)).toBeNull();
  });

  it('route preview: the stages and approvers a draft would take, with the rules above, changing nothing', async () => {
    const parent = await makeUnit(t);
    const parentHead = await makePerson(t, null, 'Parent head');
    await makePost(t, parent.id, parentHead.id, 'head', 'Director general');
    const own = await makeUnit(t, { parentId: parent.id });
    const staff = await makePerson(t, own.id, 'Head who submits');
    await makePost(t, own.id, staff.id, 'head', 'Director');
    const director = await makePerson(t, null, 'Director');
    const deputy = await makePerson(t, null, 'Deputy');
    await delegate(director, deputy);
    const type = docType();
    const small = await saveWorkflow(t, {
      name: `small ${type}`,
      documentType: type,
      stages: [{ name: 'Unit head', mode: 'any', approvers: [{ relative: 'submitter_unit_head' }] }],
    });
    const large = await saveWorkflow(t, {
      name: `large ${type}`,
      documentType: type,
      condition: { field: 'amount', op: '>', value: 10000 },
      stages: [
        { name: 'Unit head', mode: 'any', approvers: [{ relative: 'submitter_unit_head' }] },
        { name: 'Director', mode: 'all', slaHours: 48, approvers: [{ userId: director.id }] },
      ],
    });
    const doc = await createDoc(t, staff, { documentType: type, metadata: { amount: 25000 } });
    const res = await t.get(`/api/v1/documents/${doc.id}/route-preview`, { token: staff.token });
    expect(res.status).toBe(200);
    expect(res.body.workflow).toMatchObject({ id: large.id, name: `large ${type}`, version: 1 });
    expect(res.body.applicableWorkflows.map((w: any) => w.id)).toEqual([large.id]);
    expect(res.body.blocked).toBe(false);
    expect(res.body.stages).toEqual([
      expect.objectContaining({
        index: 0,
        name: 'Unit head',
        mode: 'any',
        blocked: false,
        approvers: [
          expect.objectContaining({
            assignee: expect.objectContaining({ id: parentHead.id, fullName: 'Parent head' }),
            actingFor: null,
            post: expect.objectContaining({ title: 'Director general' }),
            origin: 'next_in_line',
          }),
        ],
        routingNotes: [expect.objectContaining({ outcome: 'submitter_skipped_routed_to_superior' })],
      }),
      expect.objectContaining({
        index: 1,
        name: 'Director',
        slaHours: 48,
        approvers: [
          expect.objectContaining({
            assignee: expect.objectContaining({ id: deputy.id }),
            actingFor: expect.objectContaining({ id: director.id, fullName: 'Director' }),
            origin: 'approver',
          }),
        ],
      }),
    ]);
    // A template that does not apply: the same 400 as submitting with it.
    const refused = await t.get(`/api/v1/documents/${doc.id}/route-preview`, {
      token: staff.token,
      query: { workflowId: small.id },
    });
    expect([refused.status, refused.body.code]).toEqual([400, 'WORKFLOW_NOT_APPLICABLE']);
    // Only the submitter (or an admin) previews; nothing changed.
    const stranger = await makePerson(t, own.id);
    expect((await t.get(`/api/v1/documents/${doc.id}/route-preview`, { token: stranger.token })).status).toBe(
      403,
    );
    const after = await getDoc(t, staff, doc.id);
    expect([after.status, after.referenceNumber, after.request, after.stages]).toEqual([
      'draft',
      null,
      null,
      [],
    ]);
    expect(await counter(own.id)).toBeNull();
    expect(
      await t.dataSource.query(`SELECT 1 FROM approval_tasks WHERE document_id = $1`, [doc.id]),
    ).toHaveLength(0);
    // In review there is nothing to preview; once returned, the request's own stages.
    const submitted = await submit(t, staff, doc.id);
    const preview = () => t.get(`/api/v1/documents/${doc.id}/route-preview`, { token: staff.token });
    const inReview = await preview();
    expect([inReview.status, inReview.body.code]).toEqual([409, 'DOCUMENT_NOT_SUBMITTABLE']);
    const returned = await decide(t, parentHead, submitted.tasks[0].id, 'return', { reason: 'fix' });
    expect(returned.status).toBe(200);
    const again = await preview();
    expect(again.status).toBe(200);
    expect(again.body.workflow.id).toBe(large.id);
    expect(again.body.stages.map((x: any) => x.approvers[0].assignee.id)).toEqual([parentHead.id, deputy.id]);
  });

  it('route preview before the draft exists (POST /route-preview): the same route as the draft would get, the submitter left out, nothing created', async () => {
    const parent = await makeUnit(t);
    const parentHead = await makePerson(t, null, 'Parent head');
    await makePost(t, parent.id, parentHead.id, 'head', 'Director general');
    const own = await makeUnit(t, { parentId: parent.id });
    const staff = await makePerson(t, own.id, 'Head who types');
    await makePost(t, own.id, staff.id, 'head', 'Director');
    const other = await makeUnit(t);
    const type = await workflowType(t, 'small', [
      { name: 'Unit head', mode: 'any', approvers: [{ relative: 'submitter_unit_head' }] },
    ]);
    const large = await saveWorkflow(t, {
      name: `large ${type}`,
      documentType: type,
      condition: { field: 'amount', op: '>', value: 10000 },
      stages: [
        { name: 'Unit head', mode: 'any', approvers: [{ relative: 'submitter_unit_head' }] },
        { name: 'Parent', mode: 'any', approvers: [{ relative: 'submitter_parent_unit_head' }] },
      ],
    });
    const docsBefore = await t.dataSource.query(`SELECT count(*)::int AS n FROM documents`);
    const res = await t.post(
      '/api/v1/route-preview',
      { documentType: type, metadata: { amount: 25000 } },
      { token: staff.token },
    );
    expect(res.status).toBe(200);
    expect(res.body.documentId).toBeUndefined();
    expect(res.body.workflow).toMatchObject({ id: large.id, version: 1 });
    expect(res.body.stages.map((x: any) => [x.name, x.approvers.map((a: any) => a.assignee.id)])).toEqual([
      ['Unit head', [parentHead.id]],
      ['Parent', [parentHead.id]],
    ]);
    expect(res.body.stages[0].routingNotes).toEqual([
      expect.objectContaining({ outcome: 'submitter_skipped_routed_to_superior', skippedUserId: staff.id }),
    ]);
    // The same answer as the draft's own preview once it exists.
    const doc = await createDoc(t, staff, { documentType: type, metadata: { amount: 25000 } });
    const ofDraft = await t.get(`/api/v1/documents/${doc.id}/route-preview`, { token: staff.token });
    expect({ ...ofDraft.body, documentId: undefined }).toEqual({ ...res.body, documentId: undefined });

    // A small amount: the other template.
    const small = await t.post(
      '/api/v1/route-preview',
      { documentType: type, metadata: { amount: 5 } },
      {
        token: staff.token,
      },
    );
    expect(small.body.stages.map((x: any) => x.name)).toEqual(['Unit head']);
    // Refusals: a unit that is not the caller's, an unknown type, bad input, no sign-in.
    const foreign = await t.post(
      '/api/v1/route-preview',
      { documentType: type, orgUnitId: other.id },
      {
        token: staff.token,
      },
    );
    expect([foreign.status, foreign.body.code]).toEqual([403, 'ORG_UNIT_NOT_YOURS']);
    const none = await t.post(
      '/api/v1/route-preview',
      { documentType: `${type}-none` },
      { token: staff.token },
    );
    expect([none.status, none.body.code]).toEqual([409, 'NO_WORKFLOW_FOR_DOCUMENT']);
    const bad = await t.post('/api/v1/route-preview', { metadata: 'x', extra: 1 }, { token: staff.token });
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await t.post('/api/v1/route-preview', { documentType: type })).status).toBe(401);
    const docsAfter = await t.dataSource.query(`SELECT count(*)::int AS n FROM documents`);
    expect(docsAfter[0].n).toBe(docsBefore[0].n + 1);
  });
});
