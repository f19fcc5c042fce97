import { adminToken } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import {
  createDoc,
  docType,
  getDoc,
  makePerson,
  makePost,
  makeUnit,
  saveWorkflow,
  submit,
} from './approvals-fixtures.js';

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

  it('#14.2 the route cannot be weakened by the submitter: only an active template whose condition matches, or 400 and nothing changes', async () => {
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

  it('#14.9 issue only for your own unit: members and post holders may; anyone else (admins too) gets 403 and no number is spent', async () => {
    const mine = await makeUnit(t);
    const foreign = await makeUnit(t);
    const posted = await makeUnit(t);
    const staff = await makePerson(t, mine.id, 'Staff');
    await makePost(t, posted.id, staff.id, 'member', 'Adviser');
    const approver = await makePerson(t, null, 'Approver');
    const type = docType();
    await saveWorkflow(t, {
      name: `issuer ${type}`,
      documentType: type,
      stages: [{ name: 'A', mode: 'any', approvers: [{ userId: approver.id }] }],
    });
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
    expect(
      (await submit(t, staff, (await createDoc(t, staff, { documentType: type })).id)).referenceNumber,
    ).toMatch(new RegExp(`^${mine.code}/`));
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
});
