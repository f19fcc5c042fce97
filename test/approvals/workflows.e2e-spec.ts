import { adminToken } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import {
  createAndSubmit,
  createDoc,
  decide,
  docStatus,
  docType,
  getDoc,
  makePerson,
  makePost,
  makeUnit,
  pendingTask,
  saveWorkflow,
  submit,
  workflowType,
} from './approvals-fixtures.js';

describe('approvals: workflow templates and routing', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('versions templates by name; running requests keep their version', async () => {
    const a = await makePerson(t);
    const b = await makePerson(t);
    const staff = await makePerson(t, (await makeUnit(t)).id);
    const type = docType();
    const v1 = await saveWorkflow(t, {
      name: `letters ${type}`,
      documentType: type,
      stages: [{ name: 'A', mode: 'any', approvers: [{ userId: a.id }] }],
    });
    const doc = await createDoc(t, staff, { documentType: type });
    const submitted = await submit(t, staff, doc.id);
    expect(submitted.request.templateVersion).toBe(1);
    const v2 = await saveWorkflow(t, {
      name: `letters ${type}`,
      documentType: type,
      stages: [{ name: 'B', mode: 'any', approvers: [{ userId: b.id }] }],
    });
    expect(v2.version).toBe(2);
    expect(v2.id).not.toBe(v1.id);
    const list = await t.get('/api/v1/workflows', { token: staff.token, query: { documentType: type } });
    expect(list.body.map((w: any) => [w.version, w.active])).toEqual([
      [2, true],
      [1, false],
    ]);
    // The running request still routes through version 1.
    const now = await getDoc(t, staff, doc.id);
    expect(now.request.templateId).toBe(v1.id);
    expect(now.stages.map((s: any) => s.name)).toEqual(['A']);
    // A new document takes version 2.
    const doc2 = await createDoc(t, staff, { documentType: type });
    expect((await submit(t, staff, doc2.id)).request.templateId).toBe(v2.id);
  });

  it('names templates and stages in English and Khmer; a new version edits them; requests and tasks carry both', async () => {
    const a = await makePerson(t);
    const staff = await makePerson(t, (await makeUnit(t)).id);
    const type = docType();
    const name = `bilingual ${type}`;
    const v1 = await saveWorkflow(t, {
      name,
      nameKm: ' លិខិតពីរភាសា ',
      documentType: type,
      stages: [
        { name: 'Head of office', nameKm: 'ប្រធានការិយាល័យ', mode: 'any', approvers: [{ userId: a.id }] },
        { name: 'Director', mode: 'any', approvers: [{ userId: a.id }] },
      ],
    });
    expect(v1).toMatchObject({ name, nameKm: 'លិខិតពីរភាសា' });
    expect(v1.stages.map((s: any) => [s.name, s.nameKm])).toEqual([
      ['Head of office', 'ប្រធានការិយាល័យ'],
      ['Director', null],
    ]);
    // Editing is saving the next version: the Khmer names change with it (the English name is the key).
    const v2 = await saveWorkflow(t, {
      name,
      nameKm: 'លិខិតពីរភាសា ២',
      documentType: type,
      stages: [{ name: 'Head of office', nameKm: 'ប្រធាន', mode: 'any', approvers: [{ userId: a.id }] }],
    });
    expect(v2).toMatchObject({ name, nameKm: 'លិខិតពីរភាសា ២', version: 2 });
    const list = await t.get('/api/v1/workflows', { token: staff.token, query: { documentType: type } });
    expect(list.body.map((w: any) => [w.version, w.nameKm, w.stages[0].nameKm])).toEqual([
      [2, 'លិខិតពីរភាសា ២', 'ប្រធាន'],
      [1, 'លិខិតពីរភាសា', 'ប្រធានការិយាល័យ'],
    ]);
    // A template without Khmer names (as API clients sent before) still saves: nameKm null.
    const plain = await saveWorkflow(t, {
      name: `plain ${type}`,
      documentType: docType(),
      stages: [{ name: 'A', mode: 'any', approvers: [{ userId: a.id }] }],
    });
    expect([plain.nameKm, plain.stages[0].nameKm]).toEqual([null, null]);
    const tooLong = await t.post(
      '/api/v1/workflows',
      {
        name,
        documentType: type,
        stages: [{ name: 'A', nameKm: 'ក'.repeat(201), mode: 'any', approvers: [{ userId: a.id }] }],
      },
      { token: await adminToken(t) },
    );
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.code).toBe('VALIDATION_FAILED');

    const doc = await createDoc(t, staff, { documentType: type });
    const preview = await t.get(`/api/v1/documents/${doc.id}/route-preview`, { token: staff.token });
    expect(preview.body.workflow).toMatchObject({ name, nameKm: 'លិខិតពីរភាសា ២' });
    expect(preview.body.stages[0]).toMatchObject({ name: 'Head of office', nameKm: 'ប្រធាន' });
    const submitted = await submit(t, staff, doc.id);
    expect(submitted.stages.map((s: any) => [s.name, s.nameKm])).toEqual([['Head of office', 'ប្រធាន']]);
    expect(submitted.tasks[0]).toMatchObject({ stageName: 'Head of office', stageNameKm: 'ប្រធាន' });
    const inbox = await t.get('/api/v1/approvals/inbox', { token: a.token });
    expect(inbox.body.items.find((i: any) => i.documentId === doc.id)).toMatchObject({
      stageName: 'Head of office',
      stageNameKm: 'ប្រធាន',
    });
  });

  it('picks the most specific template whose condition holds (amount > 10000 adds the minister)', async () => {
    const head = await makePerson(t);
    const minister = await makePerson(t, null, 'Minister');
    const staff = await makePerson(t, (await makeUnit(t)).id);
    const type = await workflowType(t, 'small', [
      { name: 'Head', mode: 'any', approvers: [{ userId: head.id }] },
    ]);
    await saveWorkflow(t, {
      name: `large ${type}`,
      documentType: type,
      condition: { field: 'amount', op: '>', value: 10000 },
      stages: [
        { name: 'Head', mode: 'any', approvers: [{ userId: head.id }] },
        { name: 'Minister', mode: 'any', approvers: [{ userId: minister.id }] },
      ],
    });
    const small = await submit(
      t,
      staff,
      (await createDoc(t, staff, { documentType: type, metadata: { amount: 9000 } })).id,
    );
    expect(small.stages.map((s: any) => s.name)).toEqual(['Head']);
    const large = await submit(
      t,
      staff,
      (await createDoc(t, staff, { documentType: type, metadata: { amount: 25000 } })).id,
    );
    expect(large.stages.map((s: any) => s.name)).toEqual(['Head', 'Minister']);
    // An explicit choice holds only among the applicable templates (#14.2): not the catch-all for a large amount.
    const list = await t.get('/api/v1/workflows', { token: staff.token, query: { documentType: type } });
    const smallId = list.body.find((w: any) => w.name === `small ${type}`).id;
    const large2 = await createDoc(t, staff, { documentType: type, metadata: { amount: 25000 } });
    const refused = await t.post(
      `/api/v1/documents/${large2.id}/submit`,
      { workflowId: smallId },
      { token: staff.token },
    );
    expect([refused.status, refused.body.code]).toEqual([400, 'WORKFLOW_NOT_APPLICABLE']);
    const chosen = await submit(
      t,
      staff,
      (await createDoc(t, staff, { documentType: type, metadata: { amount: 9000 } })).id,
      { workflowId: smallId },
    );
    expect(chosen.stages.map((s: any) => s.name)).toEqual(['Head']);
    // An amount that is not a number, or none, would fail `amount > 10000` and take the route without
    // the minister, as would a negative one: refused at submission and in the route preview, and the
    // draft stays a draft.
    for (const metadata of [
      { amount: '២៥០០០' },
      { amount: '25,000' },
      { amount: 'many' },
      {},
      { amount: -25000 },
      { amount: '-5' },
    ]) {
      const draft = await createDoc(t, staff, { documentType: type, metadata });
      const submitted = await t.post(`/api/v1/documents/${draft.id}/submit`, {}, { token: staff.token });
      expect([metadata, submitted.status, submitted.body.code, submitted.body.details]).toEqual([
        metadata,
        400,
        'METADATA_NUMBER_REQUIRED',
        [{ field: 'metadata.amount', problems: ['must be a number of zero or more'] }],
      ]);
      expect((await t.get(`/api/v1/documents/${draft.id}`, { token: staff.token })).body.status).toBe(
        'draft',
      );
      const preview = await t.post(
        '/api/v1/route-preview',
        { documentType: type, metadata },
        { token: staff.token },
      );
      expect([metadata, preview.status, preview.body.code]).toEqual([
        metadata,
        400,
        'METADATA_NUMBER_REQUIRED',
      ]);
    }
    // A number sent as digits in a string is a number.
    const asText = await submit(
      t,
      staff,
      (await createDoc(t, staff, { documentType: type, metadata: { amount: '25000' } })).id,
    );
    expect(asText.stages.map((s: any) => s.name)).toEqual(['Head', 'Minister']);
    // No template for the type.
    const orphan = await createDoc(t, staff, { documentType: docType() });
    const res = await t.post(`/api/v1/documents/${orphan.id}/submit`, {}, { token: staff.token });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('NO_WORKFLOW_FOR_DOCUMENT');
  });

  it('refuses templates that route to nobody, bad conditions, and non-admins', async () => {
    const admin = await adminToken(t);
    const type = docType();
    const post = (body: any, token = admin) => t.post('/api/v1/workflows', body, { token });
    const stage = (approvers: any[], extra: any = {}) => ({ name: 'S', mode: 'any', approvers, ...extra });
    const ghost = '00000000-0000-4000-8000-000000000000';
    let res = await post({ name: 'x', documentType: type, stages: [stage([])] });
    expect([res.status, res.body.code]).toEqual([400, 'WORKFLOW_ROUTES_TO_NOBODY']);
    res = await post({ name: 'x', documentType: type, stages: [stage([{ userId: ghost }])] });
    expect([res.status, res.body.code]).toEqual([400, 'WORKFLOW_ROUTES_TO_NOBODY']);
    res = await post({
      name: 'x',
      documentType: type,
      stages: [stage([{ orgUnitId: ghost, post: 'head' }])],
    });
    expect([res.status, res.body.code]).toEqual([400, 'WORKFLOW_ROUTES_TO_NOBODY']);
    const emptyUnit = await makeUnit(t);
    res = await post({
      name: 'x',
      documentType: type,
      stages: [stage([{ orgUnitId: emptyUnit.id, post: 'head' }])],
    });
    expect([res.status, res.body.code]).toEqual([400, 'WORKFLOW_ROUTES_TO_NOBODY']);
    const someone = await makePerson(t);
    // A vacant post with an escalation target is fine.
    res = await post({
      name: `ok ${type}`,
      documentType: type,
      stages: [stage([{ orgUnitId: emptyUnit.id, post: 'head' }], { escalateToUserId: someone.id })],
    });
    expect(res.status).toBe(201);
    res = await post({
      name: 'x',
      documentType: type,
      stages: [stage([{ userId: someone.id, relative: 'submitter_unit_head' }])],
    });
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    res = await post({
      name: 'x',
      documentType: type,
      condition: { field: 'amount', op: 'eval', value: 'process.exit()' },
      stages: [stage([{ userId: someone.id }])],
    });
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(res.body.details[0].field).toBe('condition');
    res = await post({
      name: 'x',
      documentType: type,
      stages: [{ name: 'Q', mode: 'quorum', approvers: [{ userId: someone.id }] }],
    });
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    res = await post({
      name: 'x',
      documentType: type,
      stages: [stage([{ userId: someone.id }], { slaHours: -1 })],
    });
    expect(res.status).toBe(400);
    res = await post({
      name: 'x',
      documentType: type,
      stages: [stage([{ userId: someone.id }], { color: 'red' })],
    });
    expect(res.status).toBe(400);
    res = await post(
      { name: 'x', documentType: type, stages: [stage([{ userId: someone.id }])] },
      someone.token,
    );
    expect(res.status).toBe(403);
  });

  it('routes a vacant post to the escalation target, recorded; with no target the submission is refused (409)', async () => {
    const unit = await makeUnit(t);
    const vacantUnit = await makeUnit(t);
    const staff = await makePerson(t, unit.id);
    const target = await makePerson(t, null, 'Escalation Target');
    const holder = await makePerson(t);
    await makePost(t, vacantUnit.id, holder.id, 'head');
    const type = await workflowType(t, 'vacancy', [
      {
        name: 'Unit head',
        mode: 'all',
        approvers: [{ relative: 'submitter_unit_head' }],
        escalateToUserId: target.id,
      },
    ]);
    const s = await createAndSubmit(t, staff, type);
    expect(s.tasks).toHaveLength(1);
    expect(s.tasks[0].assigneeId).toBe(target.id);
    expect(s.tasks[0].origin).toBe('vacancy_escalation');
    expect(s.stages[0].routingNotes[0]).toMatchObject({
      outcome: 'vacant_routed_to_escalation',
      userId: target.id,
    });

    const type2 = docType();
    await saveWorkflow(t, {
      name: `blocked ${type2}`,
      documentType: type2,
      stages: [{ name: 'Unit head', mode: 'all', approvers: [{ relative: 'submitter_unit_head' }] }],
    });
    const doc = await createDoc(t, staff, { documentType: type2 });
    const res = await t.post(`/api/v1/documents/${doc.id}/submit`, {}, { token: staff.token });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('WORKFLOW_BLOCKED');
    const after = await getDoc(t, staff, doc.id);
    expect(after.status).toBe('draft');
    expect(after.referenceNumber).toBeNull();
  });

  it("lists the ministry's templates, not the gateway's adhoc ones (e.g. a meeting's minutes to its chair)", async () => {
    const type = await workflowType(t, 'listed', [
      { name: 'A', mode: 'any', approvers: [{ userId: (await makePerson(t)).id }] },
    ]);
    await t.asOwner((db) =>
      db.query(
        `INSERT INTO workflow_templates (name, document_type, version, active, stages)
         VALUES ($1, $2, 1, false, '[]'::jsonb)`,
        [`adhoc:${type}:0123456789abcdef`, type],
      ),
    );
    const token = await adminToken(t);
    const all = await t.get('/api/v1/workflows', { token });
    const names = (all.body as { name: string }[]).map((w) => w.name);
    expect(names).toContain(`listed ${type}`);
    expect(names.filter((n) => n.startsWith('adhoc:'))).toEqual([]);
    const ofType = await t.get('/api/v1/workflows', { token, query: { documentType: type } });
    expect((ofType.body as { name: string }[]).map((w) => w.name)).toEqual([`listed ${type}`]);
  });

  it('answers bad input with a 4xx, never a 500', async () => {
    const staff = await makePerson(t, (await makeUnit(t)).id);
    const token = staff.token;
    const doc = await createDoc(t, staff, { documentType: docType() });
    const calls: [string, string, unknown][] = [
      ['POST', '/api/v1/documents', { title: 'x', documentType: 'y', body: 'z', metadata: 'not an object' }],
      ['POST', '/api/v1/documents', { title: '', documentType: 'y', body: 'z' }],
      [
        'POST',
        '/api/v1/documents',
        { title: 'x', documentType: 'y', body: 'z', orgUnitId: '00000000-0000-4000-8000-000000000000' },
      ],
      ['POST', '/api/v1/documents', { title: 'x', documentType: 'y', body: 'z', unknownField: 1 }],
      ['POST', `/api/v1/documents/${doc.id}/submit`, { workflowId: 'nope' }],
      ['POST', `/api/v1/documents/${doc.id}/versions`, {}],
      // (A draft may be withdrawn, discarded by its submitter: a reason that is no text is the bad input.)
      ['POST', `/api/v1/documents/${doc.id}/withdraw`, { reason: 12 }],
      ['GET', '/api/v1/documents/not-a-uuid', undefined],
      ['GET', `/api/v1/documents/${doc.id}/versions/x/file`, undefined],
      ['GET', `/api/v1/documents/${doc.id}/versions/9/file`, undefined],
      [
        'GET',
        `/api/v1/documents?cursor=${Buffer.from(JSON.stringify(['x', 'y'])).toString('base64url')}`,
        undefined,
      ],
      ['GET', '/api/v1/documents?status=lost', undefined],
      ['POST', '/api/v1/approval-tasks/00000000-0000-4000-8000-000000000000/approve', {}],
      ['POST', '/api/v1/approval-tasks/not-a-uuid/approve', {}],
      ['POST', '/api/v1/delegations', { toUserId: staff.id, startsAt: 'soon', endsAt: 'later' }],
      [
        'POST',
        '/api/v1/delegations',
        {
          toUserId: '00000000-0000-4000-8000-000000000000',
          startsAt: '2026-01-01T00:00:00Z',
          endsAt: '2026-02-01T00:00:00Z',
        },
      ],
      [
        'GET',
        `/api/v1/approvals/inbox?cursor=${Buffer.from(JSON.stringify([1, 2])).toString('base64url')}`,
        undefined,
      ],
      ['GET', `/api/v1/verify/${'A'.repeat(300)}`, undefined],
    ];
    for (const [method, url, body] of calls) {
      const res = await t.request(method, url, { token, body });
      expect([url, res.status >= 400 && res.status < 500, typeof res.body.code]).toEqual([
        url,
        true,
        'string',
      ]);
    }
  });

  it('previews the route of a document not yet written (admin): the same choice and routing as a submission', async () => {
    const admin = await adminToken(t);
    const parent = await makeUnit(t);
    const office = await makeUnit(t, { parentId: parent.id });
    const director = await makePerson(t, parent.id, 'Director');
    const officeHead = await makePerson(t, office.id, 'Office head');
    await makePost(t, parent.id, director.id, 'head', 'Director');
    await makePost(t, office.id, officeHead.id, 'head', 'Head of office');
    const finance = await makePerson(t, null, 'Finance');
    const staff = await makePerson(t, office.id);
    const type = docType();
    const tpl = await saveWorkflow(t, {
      name: `purchases ${type}`,
      documentType: type,
      condition: { field: 'amount', op: '>', value: 5000 },
      stages: [
        { name: 'Head', mode: 'any', approvers: [{ relative: 'submitter_unit_head' }], slaHours: 24 },
        { name: 'Finance', mode: 'quorum', quorum: 1, approvers: [{ userId: finance.id }] },
      ],
    });
    const preview = (body: Record<string, unknown>, token = admin) =>
      t.post('/api/v1/workflows/route-preview', body, { token });

    const forStaff = await preview({ submitterId: staff.id, documentType: type, metadata: { amount: 8000 } });
    expect(forStaff.status).toBe(200);
    expect(forStaff.body).toMatchObject({
      workflow: { id: tpl.id, version: 1 },
      applies: true,
      blocked: false,
      applicableWorkflows: [{ id: tpl.id }],
    });
    expect(
      forStaff.body.stages.map((s: any) => [s.name, s.approvers.map((a: any) => a.assignee.id)]),
    ).toEqual([
      ['Head', [officeHead.id]],
      ['Finance', [finance.id]],
    ]);

    // The office head submits: they are passed over, and the director above takes the stage.
    const forHead = await preview({
      submitterId: officeHead.id,
      documentType: type,
      metadata: { amount: 8000 },
    });
    expect(forHead.body.stages[0].approvers).toEqual([
      expect.objectContaining({
        assignee: expect.objectContaining({ id: director.id }),
        origin: 'next_in_line',
      }),
    ]);
    expect(forHead.body.stages[0].routingNotes).toEqual([
      expect.objectContaining({
        outcome: 'submitter_skipped_routed_to_superior',
        skippedUserId: officeHead.id,
        userId: director.id,
      }),
    ]);

    // Below the threshold no template applies; the template itself can still be previewed.
    const small = await preview({ submitterId: staff.id, documentType: type, metadata: { amount: 100 } });
    expect([small.status, small.body.code]).toEqual([409, 'NO_WORKFLOW_FOR_DOCUMENT']);
    const forced = await preview({
      submitterId: staff.id,
      documentType: type,
      metadata: { amount: 100 },
      workflowId: tpl.id,
    });
    expect(forced.body).toMatchObject({ applies: false, applicableWorkflows: [] });

    // A submission takes the previewed route.
    const doc = await createDoc(t, staff, { documentType: type, metadata: { amount: 8000 } });
    const submitted = await submit(t, staff, doc.id);
    expect(submitted.request.templateId).toBe(tpl.id);
    await pendingTask(t, officeHead, doc.id);

    // Refusals: not an admin, unknown submitter or template, a submitter of no unit, bad input.
    const denied = await preview({ submitterId: staff.id, documentType: type }, staff.token);
    expect(denied.status).toBe(403);
    const nobodyThere = await preview({
      submitterId: '00000000-0000-4000-8000-000000000000',
      documentType: type,
    });
    expect([nobodyThere.status, nobodyThere.body.code]).toEqual([400, 'USER_NOT_FOUND']);
    const unitless = await preview({
      submitterId: finance.id,
      documentType: type,
      metadata: { amount: 8000 },
    });
    expect([unitless.status, unitless.body.code]).toEqual([400, 'ORG_UNIT_REQUIRED']);
    const noTemplate = await preview({
      submitterId: staff.id,
      documentType: type,
      workflowId: '00000000-0000-4000-8000-000000000000',
    });
    expect([noTemplate.status, noTemplate.body.code]).toEqual([404, 'WORKFLOW_NOT_FOUND']);
    const bad = await preview({ submitterId: 'x', documentType: '', metadata: 3 });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: any) => d.field).sort()).toEqual([
      'documentType',
      'metadata',
      'submitterId',
    ]);
  });

  it('an edit saved inactive makes version n+1 switched off; documents already routed keep theirs', async () => {
    const a = await makePerson(t);
    const staff = await makePerson(t, (await makeUnit(t)).id);
    const type = docType();
    const stages = [{ name: 'A', mode: 'any', approvers: [{ userId: a.id }] }];
    const v1 = await saveWorkflow(t, { name: `off ${type}`, documentType: type, stages });
    const running = await createAndSubmit(t, staff, type);
    const v2 = await saveWorkflow(t, { name: `off ${type}`, documentType: type, stages, active: false });
    expect([v2.version, v2.active]).toEqual([2, false]);
    const list = await t.get('/api/v1/workflows', { token: staff.token, query: { documentType: type } });
    expect(list.body.map((w: any) => [w.version, w.active])).toEqual([
      [2, false],
      [1, false],
    ]);
    expect((await getDoc(t, staff, running.id)).request.templateId).toBe(v1.id);
    const late = await createDoc(t, staff, { documentType: type });
    const res = await t.post(`/api/v1/documents/${late.id}/submit`, {}, { token: staff.token });
    expect([res.status, res.body.code]).toEqual([409, 'NO_WORKFLOW_FOR_DOCUMENT']);
    const notBool = await t.post(
      '/api/v1/workflows',
      { name: `off ${type}`, documentType: type, stages, active: 'no' },
      { token: await adminToken(t) },
    );
    expect([notBool.status, notBool.body.details[0].field]).toEqual([400, 'active']);
  });

  it('names a document type in Khmer and English with its template; only admins may; the names reach lists and verification', async () => {
    const head = await makePerson(t);
    const staff = await makePerson(t, (await makeUnit(t)).id);
    const type = docType();
    const saved = await saveWorkflow(t, {
      name: `travel ${type}`,
      documentType: type,
      documentTypeNameKm: 'សំណើបេសកកម្ម',
      documentTypeNameEn: 'Travel request',
      stages: [{ name: 'ប្រធាន', mode: 'any', approvers: [{ userId: head.id }] }],
    });
    expect([saved.documentTypeNameKm, saved.documentTypeNameEn]).toEqual(['សំណើបេសកកម្ម', 'Travel request']);

    // Anyone signed in reads the names; nobody signed out does.
    const types = await t.get('/api/v1/document-types', { token: staff.token });
    expect(types.status).toBe(200);
    expect(types.body.find((x: any) => x.code === type)).toEqual({
      code: type,
      nameKm: 'សំណើបេសកកម្ម',
      nameEn: 'Travel request',
    });
    expect((await t.get('/api/v1/document-types')).status).toBe(401);

    // A non-admin may not rename it (the template route is admins only); nothing changes.
    const refused = await t.post(
      '/api/v1/workflows',
      {
        name: `travel ${type}`,
        documentType: type,
        documentTypeNameKm: 'ផ្សេង',
        stages: [{ name: 'x', mode: 'any', approvers: [{ userId: head.id }] }],
      },
      { token: staff.token },
    );
    expect(refused.status).toBe(403);

    // A new version without names keeps them; one name given changes only that one.
    const v2 = await saveWorkflow(t, {
      name: `travel ${type}`,
      documentType: type,
      stages: [{ name: 'ប្រធាន', mode: 'any', approvers: [{ userId: head.id }] }],
    });
    expect([v2.documentTypeNameKm, v2.documentTypeNameEn]).toEqual(['សំណើបេសកកម្ម', 'Travel request']);
    await saveWorkflow(t, {
      name: `travel ${type}`,
      documentType: type,
      documentTypeNameEn: 'Mission request',
      stages: [{ name: 'ប្រធាន', mode: 'any', approvers: [{ userId: head.id }] }],
    });
    const list = await t.get('/api/v1/workflows', { token: staff.token, query: { documentType: type } });
    expect(list.body.map((w: any) => [w.documentTypeNameKm, w.documentTypeNameEn])).toEqual([
      ['សំណើបេសកកម្ម', 'Mission request'],
      ['សំណើបេសកកម្ម', 'Mission request'],
      ['សំណើបេសកកម្ម', 'Mission request'],
    ]);
    const blank = await t.post(
      '/api/v1/workflows',
      {
        ...v2,
        id: undefined,
        version: undefined,
        active: undefined,
        createdAt: undefined,
        documentTypeNameKm: '',
      },
      { token: await adminToken(t) },
    );
    expect(blank.status).toBe(400);

    // The public verification of an approved document of this type names it.
    const doc = await createDoc(t, staff, { documentType: type });
    await submit(t, staff, doc.id);
    const task = await pendingTask(t, head, doc.id);
    expect((await decide(t, head, task.id, 'approve')).status).toBe(200);
    const approved = await docStatus(t, doc.id, 'approved');
    const verified = await t.get(`/api/v1/verify/${approved.verificationCode}`);
    expect([
      verified.body.documentType,
      verified.body.documentTypeNameKm,
      verified.body.documentTypeNameEn,
    ]).toEqual([type, 'សំណើបេសកកម្ម', 'Mission request']);
  });
});
