import { seedApprovalsDemo } from '../../src/approvals/demo-seed.js';
import { verifyManifest } from '../../src/signing/signatures.js';
import { seedDemo } from '../../src/seed/seed-demo.js';
import { tokenFor } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { waitFor } from '../support/wait.js';
import { decide, docStatus, pendingTask, type Person } from './approvals-fixtures.js';

/** The walk-through the issue is judged by, on the seeded demo ministry. */
describe('approvals: the demo walk-through', () => {
  let t: TestApp;
  let people: Map<string, string>;
  const person = async (username: string): Promise<Person> => {
    const id = people.get(username)!;
    return { id, username, token: await tokenFor(t, { id, username }) };
  };
  beforeAll(async () => {
    t = await createTestApp();
    const seeded = await seedDemo(t.dataSource);
    people = seeded.users;
    // The demo seed adds the workflows itself; a second call changes nothing.
    await t.dataSource.transaction((em) => seedApprovalsDemo(em, seeded.users, seeded.units));
    const templates = await t.dataSource.query(`SELECT count(*)::int AS n FROM workflow_templates`);
    expect(templates[0].n).toBe(4);
  });
  afterAll(async () => {
    await t.close();
  });

  it('a budget plan goes head of office → director (through the delegate) → secretary of state, then verifies', async () => {
    const dara = await person('staff.dara');
    const form = new FormData();
    const bytes = Buffer.from('%PDF-1.4\n% ផែនការថវិកាឆ្នាំ២០២៧\n');
    form.append('title', 'ផែនការថវិកាឆ្នាំ ២០២៧ / Budget plan 2027');
    form.append('documentType', 'budget_plan');
    form.append('metadata', JSON.stringify({ amount: 8000 }));
    form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'budget-2027.pdf');
    const created = await t.post('/api/v1/documents', form, { token: dara.token });
    expect(created.status).toBe(201);
    const submitted = await t.post(`/api/v1/documents/${created.body.id}/submit`, {}, { token: dara.token });
    expect(submitted.status).toBe(200);
    expect(submitted.body.referenceNumber).toMatch(/^SYS\/\d{4}\/00001$/);
    // The demo names its types in both languages.
    const types = await t.get('/api/v1/document-types', { token: dara.token });
    expect(types.body.find((x: any) => x.code === 'budget_plan')).toEqual({
      code: 'budget_plan',
      nameKm: 'ផែនការថវិកា',
      nameEn: 'Budget plan',
    });
    // ...and its stages.
    expect(submitted.body.stages.map((s: any) => [s.name, s.nameKm])).toEqual([
      ['Head of office', 'ប្រធានការិយាល័យ'],
      ['Director of department', 'ប្រធាននាយកដ្ឋាន'],
      ['Secretary of State', 'រដ្ឋលេខាធិការ'],
    ]);

    const headSys = await person('head.sys');
    expect(submitted.body.tasks.map((x: any) => x.assigneeId)).toEqual([headSys.id]);
    await decide(t, headSys, submitted.body.tasks[0].id, 'approve', { comment: 'ឯកភាព' });

    const deputy = await person('deputy.ict');
    const dirTask = await pendingTask(t, deputy, created.body.id);
    expect(dirTask.actingForId).toBe(people.get('dir.ict'));
    await decide(t, deputy, dirTask.id, 'approve');

    const sos = await person('sos.heng');
    const inbox = await waitInbox(sos);
    expect(inbox.items[0]).toMatchObject({
      documentId: created.body.id,
      stageName: 'Secretary of State',
      stageNameKm: 'រដ្ឋលេខាធិការ',
    });
    expect(inbox.items[0].actedBefore.map((a: any) => [a.stage, a.stageKm])).toEqual([
      ['Head of office', 'ប្រធានការិយាល័យ'],
      ['Director of department', 'ប្រធាននាយកដ្ឋាន'],
    ]);
    await decide(t, sos, inbox.items[0].id, 'approve');

    const done = await docStatus(t, created.body.id, 'approved');
    const v = await t.get(`/api/v1/verify/${done.verificationCode}`);
    expect(v.body.signers.map((s: any) => [s.name, s.post, s.actingFor?.name ?? null])).toEqual([
      [expect.any(String), 'Head of the Office of Information Systems', null],
      [expect.any(String), 'Deputy Director of ICT', 'Meas Visal'],
      ['Heng Bunthoeun', 'Secretary of State', null],
    ]);
    // The signers' stages in both languages, signed in the manifest.
    expect(v.body.signers.map((s: any) => [s.stage, s.stageKm])).toEqual([
      ['Head of office', 'ប្រធានការិយាល័យ'],
      ['Director of department', 'ប្រធាននាយកដ្ឋាន'],
      ['Secretary of State', 'រដ្ឋលេខាធិការ'],
    ]);
    expect(v.body.manifest.signers.map((s: any) => s.stageKm)).toEqual([
      'ប្រធានការិយាល័យ',
      'ប្រធាននាយកដ្ឋាន',
      'រដ្ឋលេខាធិការ',
    ]);
    const pem = (await t.get('/api/v1/verify/public-key')).raw;
    expect(verifyManifest(v.body.manifest, v.body.signature, pem)).toBe(true);
    const good = new FormData();
    good.append('file', new Blob([bytes]), 'budget-2027.pdf');
    expect((await t.post(`/api/v1/verify/${done.verificationCode}`, good)).body.match).toBe(true);
    const bad = new FormData();
    bad.append('file', new Blob([Buffer.concat([bytes, Buffer.from('tampered')])]), 'budget-2027.pdf');
    expect((await t.post(`/api/v1/verify/${done.verificationCode}`, bad)).body.match).toBe(false);
  });

  it('a large budget plan adds the minister', async () => {
    const sophea = await person('staff.sophea');
    const created = await t.post(
      '/api/v1/documents',
      { title: 'Large plan', documentType: 'budget_plan', body: 'plan', metadata: { amount: 50000 } },
      { token: sophea.token },
    );
    const submitted = await t.post(
      `/api/v1/documents/${created.body.id}/submit`,
      {},
      { token: sophea.token },
    );
    expect(submitted.body.stages.map((s: any) => s.nameKm)).toEqual([
      'ប្រធានការិយាល័យ',
      'ប្រធាននាយកដ្ឋាន',
      'រដ្ឋលេខាធិការ',
      'រដ្ឋមន្ត្រី',
    ]);
    expect(submitted.body.stages.at(-1).name).toBe('Minister');
    // The route preview names the template in both languages.
    const draft = await t.post(
      '/api/v1/route-preview',
      { documentType: 'budget_plan', metadata: { amount: 50000 } },
      { token: sophea.token },
    );
    expect(draft.status).toBe(200);
    expect(draft.body.workflow).toMatchObject({
      name: 'Budget plan over 10,000',
      nameKm: 'ផែនការថវិកាលើស ១០ ០០០',
    });
    expect(draft.body.stages.map((s: any) => [s.name, s.nameKm])[3]).toEqual(['Minister', 'រដ្ឋមន្ត្រី']);
  });

  async function waitInbox(who: Person): Promise<any> {
    return waitFor(`a task in ${who.username}'s inbox`, async () => {
      const res = await t.get('/api/v1/approvals/inbox', { token: who.token });
      return res.body.items?.length && res.body;
    });
  }
});
