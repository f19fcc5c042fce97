import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ActionItemsService } from '../../src/meetings/action-items.service.js';
import { TransactionService } from '../../src/database/transaction.service.js';
import {
  createDoc,
  decide,
  docType,
  makePerson,
  makeUnit,
  pendingTask,
  saveWorkflow,
  submit,
} from '../approvals/approvals-fixtures.js';
import { approveMinutesDirectly, meetingBody, projectGroup } from '../meetings/meetings-fixtures.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { waitFor } from '../support/wait.js';

const API = '/api/v1';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** The web app's pages a notification may open (WEB.md): its subject's page, never an API route. */
const PAGE = new RegExp(`^/(documents|meetings|elections|groups)/${UUID}$`);

describe('#15.5 every link the server makes points at a page of the web app', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('the notifications of a document, a meeting, its minutes and action items, and a group report open pages', async () => {
    // A document: the approver is told of the task, the submitter of the decision.
    const unit = await makeUnit(t);
    const staff = await makePerson(t, unit.id);
    const approver = await makePerson(t);
    const type = docType();
    await saveWorkflow(t, {
      name: `links ${type}`,
      documentType: type,
      stages: [{ name: 'Approve', mode: 'any', approvers: [{ userId: approver.id }] }],
    });
    const doc = await createDoc(t, staff, { documentType: type });
    await submit(t, staff, doc.id);
    const task = await pendingTask(t, approver, doc.id);
    expect((await decide(t, approver, task.id, 'approve')).status).toBe(200);

    // A meeting: invitations; minutes with an overdue action item; the minutes approved.
    const f = await projectGroup(t);
    const meeting = await t.post(`${API}/meetings`, meetingBody(f), { token: f.chair.token });
    expect(meeting.status).toBe(201);
    const yesterday = new Date(Date.now() - 2 * 86400_000).toISOString().slice(0, 10);
    const saved = await t.put(
      `${API}/meetings/${meeting.body.id}/minutes`,
      {
        baseRevision: 0,
        items: [],
        decisions: [],
        actionItems: [{ text: 'ផ្ញើរបាយការណ៍', ownerUserId: f.members[0].id, dueOn: yesterday }],
      },
      { token: f.secretary.token },
    );
    expect(saved.status).toBe(200);
    const itemId: string = saved.body.actionItems[0].id;
    await t
      .service<TransactionService>(TransactionService)
      .run((em) => t.service<ActionItemsService>(ActionItemsService).remindOverdue(em, itemId, new Date()));
    await approveMinutesDirectly(t, meeting.body.id);

    // A progress report of a sub-group whose requests go to the parent group's chair.
    const report = await t.post(
      `${API}/working-groups/${f.subGroups[0].id}/progress-reports`,
      {
        period: '2026-Q3',
        progressPercent: 40,
        achievements: 'បានធ្វើ',
        challenges: 'គ្មាន',
        requests: [{ text: 'សូមថវិកា' }],
      },
      { token: f.subLead.token },
    );
    expect(report.status).toBe(201);

    const kinds = ['approval.', 'meeting.', 'minutes.', 'action_item.', 'working_group.'];
    const rows = await waitFor(
      `notifications of every kind (${kinds.join(', ')})`,
      async () => {
        const found: { kind: string; link: string | null }[] = await t.dataSource.query(
          'SELECT DISTINCT kind, link FROM notifications ORDER BY kind, link',
        );
        return kinds.every((k) => found.some((r) => r.kind.startsWith(k))) ? found : undefined;
      },
      { timeoutMs: 15000 },
    );
    const notPages = rows.filter((r) => !r.link || !PAGE.test(r.link));
    expect(notPages).toEqual([]);
    const links = new Set(rows.map((r) => r.link));
    expect(links).toContain(`/documents/${doc.id}`);
    expect(links).toContain(`/meetings/${meeting.body.id}`);
    expect(links).toContain(`/groups/${f.root.id}`);
  }, 120_000);

  it('every notification link written in the source is a page path', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.ts') && !name.endsWith('.spec.ts')) files.push(path);
      }
    };
    walk('src');
    const found: string[] = [];
    for (const file of files) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\blink: `([^`]*)`/g))
        found.push(`${file}: ${m[1]}`);
    }
    expect(found.length).toBeGreaterThanOrEqual(8);
    const shape = /^\/(documents|meetings|elections|groups)\/\$\{[\w.!]+\}$/;
    expect(found.filter((f) => !shape.test(f.split(': ')[1]))).toEqual([]);
  });

  it('verification links and QR codes point at the public page /verify/<code>', async () => {
    const { DocumentViewsService } = await import('../../src/approvals/document-views.service.js');
    const url = t
      .service<InstanceType<typeof DocumentViewsService>>(DocumentViewsService)
      .verificationUrl('7K3MQ9ZDAB12CD34');
    expect(url).toBe(`${t.config.PUBLIC_BASE_URL}/verify/7K3M-Q9ZD-AB12-CD34`);
  });
});
