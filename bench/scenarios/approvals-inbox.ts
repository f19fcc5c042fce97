import { randomBytes } from 'node:crypto';
import type { Scenario } from '../scenario.js';

/**
 * GET /api/v1/approvals/inbox of one approver (the partial index approval_tasks_inbox_idx, the
 * document and stage, and who acted before). On its own it makes a small data set through the API
 * (one approver with 60 pending tasks). For the large data set, fill a database with
 * scripts/generate-approvals-data.mjs (1,000,000 documents, 5,000,000 tasks), start the server on
 * it and point the bench at it: BENCH_URL=... BENCH_INBOX_USER=gen_approver_1
 * BENCH_INBOX_PASSWORD=generated-password-1. Target: p99 under 10 ms (issue 18; 20 ms in issue 3).
 */
const scenario: Scenario<{ token: string }> = {
  name: 'approvals-inbox',
  description: 'GET /api/v1/approvals/inbox (first page, 50 tasks, oldest due first)',
  async setup(ctx) {
    const given = process.env.BENCH_INBOX_USER;
    if (given) {
      const login = await ctx.request('POST', '/api/v1/auth/login', {
        body: { username: given, password: process.env.BENCH_INBOX_PASSWORD ?? 'generated-password-1' },
      });
      if (login.status !== 200) throw new Error(`login of ${given}: ${login.status}`);
      return { token: (login.body as { accessToken: string }).accessToken };
    }
    const admin = await ctx.adminToken();
    const tag = randomBytes(3).toString('hex');
    const mk = async (name: string, orgUnitId?: string) => {
      const username = `inbox_${tag}_${name}`;
      const password = 'bench-password-1';
      const u = await ctx.request('POST', '/api/v1/users', {
        token: admin,
        body: {
          username,
          password,
          fullName: `Inbox ${name}`,
          mustChangePassword: false,
          ...(orgUnitId ? { orgUnitId } : {}),
        },
      });
      if (u.status !== 201) throw new Error(`user: ${u.status} ${JSON.stringify(u.body)}`);
      const login = await ctx.request('POST', '/api/v1/auth/login', { body: { username, password } });
      return {
        id: (u.body as { id: string }).id,
        token: (login.body as { accessToken: string }).accessToken,
      };
    };
    const unit = await ctx.request('POST', '/api/v1/org-units', {
      token: admin,
      body: { code: `I${tag}`.toUpperCase(), name: 'Inbox bench office' },
    });
    const submitter = await mk('submitter', (unit.body as { id: string }).id);
    const approver = await mk('approver');
    const type = `inbox_${tag}`;
    const wf = await ctx.request('POST', '/api/v1/workflows', {
      token: admin,
      body: {
        name: type,
        documentType: type,
        stages: [{ name: 'Review', mode: 'any', slaHours: 72, approvers: [{ userId: approver.id }] }],
      },
    });
    if (wf.status !== 201) throw new Error(`workflow: ${wf.status}`);
    for (let i = 0; i < 60; i++) {
      const doc = await ctx.request('POST', '/api/v1/documents', {
        token: submitter.token,
        body: { title: `ឯកសារ ${i}`, documentType: type, body: `text ${i}` },
      });
      await ctx.request('POST', `/api/v1/documents/${(doc.body as { id: string }).id}/submit`, {
        token: submitter.token,
        body: {},
      });
    }
    return { token: approver.token };
  },
  async run(ctx, state) {
    // What is measured: one answer looked at first (a full page, with who acted before).
    const sample = await ctx.request<{ items: { actedBefore: unknown[] }[]; nextCursor: string | null }>(
      'GET',
      '/api/v1/approvals/inbox',
      { token: state.token },
    );
    if (sample.status !== 200) throw new Error(`inbox: ${sample.status}`);
    const items = sample.body.items;
    const acted = items.reduce((n, item) => n + item.actedBefore.length, 0);
    const bytes = Buffer.byteLength(JSON.stringify(sample.body));
    // Latency, not saturation: a few connections (50 would only measure the queue in front of 2 cores).
    const connections = Math.min(ctx.connections, 4);
    const result = await ctx.load({ path: '/api/v1/approvals/inbox', token: state.token, connections });
    return {
      ...result,
      targets: [
        { description: 'inbox p99 < 10 ms', value: result.latencyMs.p99, met: result.latencyMs.p99 < 10 },
      ],
      notes: [
        `${connections} connections`,
        process.env.BENCH_INBOX_USER ? 'large data set' : 'small data set (60 pending tasks)',
        `page: ${items.length} items, ${acted} actedBefore entries, about ${Math.round(bytes / 1000)} KB`,
      ],
    };
  },
};
export default scenario;
