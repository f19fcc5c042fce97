import { randomUUID } from 'node:crypto';
import { AuditService } from '../../src/audit/audit.service.js';
import { TransactionService } from '../../src/database/transaction.service.js';
import type { AuditAction } from '../../src/audit/audit-actions.js';
import { adminToken, createUserWithToken } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { appendEntry, tamperAuditLog } from './audit-fixtures.js';

/** DESIGN.md §6.5: the hash-chained audit log, its verification, and tamper detection. */
describe('audit log', () => {
  let t: TestApp;
  let audit: AuditService;
  let tx: TransactionService;

  beforeAll(async () => {
    t = await createTestApp({ APP_ROLE: 'api' });
    audit = t.service(AuditService);
    tx = t.service(TransactionService);
  });
  afterAll(async () => {
    await t?.close();
  });

  const append = (stream: string, action: AuditAction, data?: Record<string, unknown>) =>
    appendEntry(t, stream, action, data);
  const tamper = (sql: string, params?: unknown[]) => tamperAuditLog(t, sql, params);

  it('chains entries per stream', async () => {
    const a1 = await append('document:a', 'document.created', { title: 'ក្រសួងប្រៃសណីយ៍និងទូរគមនាគមន៍' });
    const b1 = await append('document:b', 'document.created');
    const a2 = await append('document:a', 'document.submitted', {
      at: new Date('2026-01-01T00:00:00Z'),
      n: 1.5,
    });
    expect([a1.seq, b1.seq, a2.seq]).toEqual([1, 1, 2]);
    const rows = await t.dataSource.query<
      { id: string; seq: number; prev_hash: string | null; hash: string }[]
    >(`SELECT id::text AS id, seq, prev_hash, hash FROM audit_log WHERE stream = 'document:a' ORDER BY seq`);
    expect(rows.map((r) => r.prev_hash)).toEqual([null, a1.hash]);
    expect(rows[1].hash).toBe(a2.hash);
    expect(await audit.verify()).toEqual({ ok: true, checked: 3 });
  });

  it('keeps one gapless chain per stream under concurrent appends', async () => {
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        append(i % 3 === 0 ? 'election:x' : 'document:c', 'document.version_added', { i }),
      ),
    );
    const seqs = await t.dataSource.query<{ seq: number }[]>(
      `SELECT seq FROM audit_log WHERE stream = 'document:c' ORDER BY seq`,
    );
    expect(seqs.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const result = await audit.verify();
    expect(result).toEqual({ ok: true, checked: 33 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE of audit_log (the app has no right to; the owner meets a trigger)', async () => {
    await expect(t.dataSource.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(t.dataSource.query(`DELETE FROM audit_log`)).rejects.toThrow(/permission denied/);
    await expect(t.dataSource.query(`TRUNCATE audit_log`)).rejects.toThrow(/permission denied/);
    await t.asOwner(async (c) => {
      await expect(c.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/append-only/);
      await expect(c.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
      await expect(c.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    });
  });

  it('points at an entry whose data was edited by SQL', async () => {
    const [target] = await t.dataSource.query<{ id: string; data: unknown }[]>(
      `SELECT id::text AS id, data FROM audit_log WHERE stream = 'document:c' AND seq = 7`,
    );
    await tamper(`UPDATE audit_log SET data = '{"i": 999}' WHERE id = $1`, [target.id]);
    const result = await audit.verify();
    expect(result).toMatchObject({ ok: false, firstBadId: target.id, problem: 'hash_mismatch' });
    expect(result.checked).toBe(33);
    await tamper(`UPDATE audit_log SET data = $2::jsonb WHERE id = $1`, [
      target.id,
      JSON.stringify(target.data),
    ]);
    expect((await audit.verify()).ok).toBe(true);
  });

  it('finds an edit whose hash was recomputed: the next entry no longer links to it', async () => {
    const [e5, e6] = await t.dataSource.query<{ id: string; hash: string }[]>(
      `SELECT id::text AS id, hash FROM audit_log WHERE stream = 'document:c' AND seq IN (5, 6) ORDER BY seq`,
    );
    await tamper(`UPDATE audit_log SET hash = repeat('0', 64) WHERE id = $1`, [e5.id]);
    // The forged hash no longer matches the entry itself, nor the next entry's link: the lowest is named.
    expect(await audit.verify()).toMatchObject({ ok: false, firstBadId: e5.id });
    await tamper(`UPDATE audit_log SET hash = $2 WHERE id = $1`, [e5.id, e5.hash]);
    expect(e6).toBeDefined();
    expect((await audit.verify()).ok).toBe(true);
  });

  it('finds a deleted entry (a gap) and a head that does not match', async () => {
    const [row] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id::text AS id FROM audit_log WHERE stream = 'election:x' AND seq = 4`,
    );
    const [next] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id::text AS id FROM audit_log WHERE stream = 'election:x' AND seq = 5`,
    );
    const [saved] = await t.dataSource.query<Record<string, unknown>[]>(
      `SELECT * FROM audit_log WHERE id = $1`,
      [row.id],
    );
    await tamper(`DELETE FROM audit_log WHERE id = $1`, [row.id]);
    expect(await audit.verify()).toMatchObject({ ok: false, firstBadId: next.id, problem: 'seq_gap' });
    await tamper(
      `INSERT INTO audit_log (id, stream, seq, action, actor_id, entity_type, entity_id, data, created_at, prev_hash, hash)
       OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        saved.id,
        saved.stream,
        saved.seq,
        saved.action,
        saved.actor_id,
        saved.entity_type,
        saved.entity_id,
        JSON.stringify(saved.data),
        saved.created_at,
        saved.prev_hash,
        saved.hash,
      ],
    );
    expect((await audit.verify()).ok).toBe(true);

    const [last] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id::text AS id FROM audit_log WHERE stream = 'document:b' ORDER BY seq DESC LIMIT 1`,
    );
    await t.asOwner((c) => c.query(`UPDATE audit_heads SET seq = seq + 1 WHERE stream = 'document:b'`));
    expect(await audit.verify()).toMatchObject({ ok: false, firstBadId: last.id, problem: 'head_mismatch' });
    await t.asOwner((c) => c.query(`UPDATE audit_heads SET seq = seq - 1 WHERE stream = 'document:b'`));
    expect((await audit.verify()).ok).toBe(true);
  });

  it('refuses to append outside a transaction', async () => {
    await expect(
      audit.append(t.dataSource.manager, {
        stream: 'user:z',
        action: 'user.updated',
        actorId: null,
        entityType: 'user',
        entityId: 'z',
      }),
    ).rejects.toThrow(/inside a transaction/);
  });

  describe('HTTP', () => {
    it('GET /audit/verify answers admins only', async () => {
      const admin = await adminToken(t);
      const res = await t.get('/api/v1/audit/verify', { token: admin });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ok: true, checked: 33 });

      const { token } = await createUserWithToken(t);
      expect((await t.get('/api/v1/audit/verify', { token })).status).toBe(403);
      expect((await t.get('/api/v1/audit/verify')).status).toBe(401);
    });

    it('GET /audit lists an entity newest first, page by page', async () => {
      const admin = await adminToken(t);
      const first = await t.get('/api/v1/audit', {
        token: admin,
        query: { entityType: 'document', entityId: 'c', limit: '15' },
      });
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(15);
      expect(first.body.items[0]).toMatchObject({ stream: 'document:c', seq: 20, entityType: 'document' });
      const second = await t.get('/api/v1/audit', {
        token: admin,
        query: { entityType: 'document', entityId: 'c', limit: '15', cursor: first.body.nextCursor },
      });
      expect(second.body.items.map((e: { seq: number }) => e.seq)).toEqual([5, 4, 3, 2, 1]);
      expect(second.body.nextCursor).toBeNull();

      const khmer = await t.get('/api/v1/audit', { token: admin, query: { stream: 'document:a' } });
      expect(khmer.body.items[1].data).toEqual({ title: 'ក្រសួងប្រៃសណីយ៍និងទូរគមនាគមន៍' });

      expect((await t.get('/api/v1/audit', { token: admin, query: { cursor: 'bad' } })).body.code).toBe(
        'INVALID_CURSOR',
      );
      expect((await t.get('/api/v1/audit', { token: admin, query: { nope: '1' } })).status).toBe(400);
      const { token } = await createUserWithToken(t);
      expect((await t.get('/api/v1/audit', { token })).status).toBe(403);
    });
  });

  // Last: it adds entries that the counts above do not expect.
  it('appends to a new stream in one statement, and to an existing one like append', async () => {
    const input = {
      action: 'election.vote_cast' as const,
      actorId: null,
      entityType: 'voter',
      entityId: 'v',
    };
    const first = await tx.run((em) => audit.appendToNewStream(em, { ...input, stream: 'voter:v' }));
    expect(first.seq).toBe(1);
    const again = await tx.run((em) => audit.appendToNewStream(em, { ...input, stream: 'voter:v' }));
    expect(again.seq).toBe(2);
    const rows = await t.dataSource.query<{ seq: number; prev_hash: string | null; hash: string }[]>(
      `SELECT seq, prev_hash, hash FROM audit_log WHERE stream = 'voter:v' ORDER BY seq`,
    );
    expect(rows).toEqual([
      { seq: 1, prev_hash: null, hash: first.hash },
      { seq: 2, prev_hash: first.hash, hash: again.hash },
    ]);
    const [head] = await t.dataSource.query<{ seq: number; hash: string }[]>(
      `SELECT seq, hash FROM audit_heads WHERE stream = 'voter:v'`,
    );
    expect(head).toEqual({ seq: 2, hash: again.hash });
    expect((await audit.verify()).ok).toBe(true);
  });

  // Last as well: audit_append hashes exactly what the verifier recomputes (one definition, audit_entry_hash).
  it('appendMany: several entries of one stream in one call, Khmer, nested and null data, verify agrees', async () => {
    const many = await tx.run((em) =>
      audit.appendMany(em, 'document:many', [
        {
          action: 'document.created',
          actorId: null,
          entityType: 'document',
          entityId: 'many',
          data: {
            title: 'ផែនការថវិកា «២០២៧»\n"quoted" \u2028',
            nested: { a: [1, null, { b: 'ខ' }] },
            none: null,
          },
        },
        { action: 'stage.approved', actorId: null, entityType: 'document', entityId: 'many', data: {} },
        {
          action: 'stage.activated',
          actorId: null,
          entityType: 'document',
          entityId: 'many',
          data: { at: new Date('2026-12-01T10:00:00.123Z'), n: -0.5, big: 12345678901 },
        },
      ]),
    );
    expect(many.map((e) => e.seq)).toEqual([1, 2, 3]);
    const rows = await t.dataSource.query<{ seq: number; prev_hash: string | null; hash: string }[]>(
      `SELECT seq, prev_hash, hash FROM audit_log WHERE stream = 'document:many' ORDER BY seq`,
    );
    expect(rows.map((r) => r.prev_hash)).toEqual([null, many[0].hash, many[1].hash]);
    expect(rows.map((r) => r.hash)).toEqual(many.map((e) => e.hash));
    const next = await append('document:many', 'document.submitted', { after: 'ក' });
    expect(next.seq).toBe(4);
    expect(await audit.verify()).toMatchObject({ ok: true });
  });

  // Last too: entries made through the API, by people, for the admin's activity page.
  it('GET /audit: what one person did, with their names; one kind of entry; who may not look', async () => {
    const admin = await adminToken(t);
    const {
      user: clerk,
      token: clerkToken,
      password,
    } = await createUserWithToken(t, {
      fullName: 'Chan Dara',
      fullNameKm: 'ចាន់ ដារា',
    });
    const other = await createUserWithToken(t);
    // The clerk changes their own password (audited as theirs), an admin changes the other account.
    const changed = await t.post(
      '/api/v1/auth/password',
      { currentPassword: password, newPassword: 'Kampot river 2027' },
      { token: clerkToken },
    );
    expect(changed.status).toBe(200);
    expect(
      (await t.patch(`/api/v1/users/${other.user.id}`, { fullName: 'Renamed Person' }, { token: admin }))
        .status,
    ).toBe(200);

    const byClerk = await t.get('/api/v1/audit', { token: admin, query: { actorId: clerk.id } });
    expect(byClerk.status).toBe(200);
    expect(byClerk.body.items).toEqual([
      expect.objectContaining({
        action: 'auth.password_changed',
        actorId: clerk.id,
        actorName: 'Chan Dara',
        actorNameKm: 'ចាន់ ដារា',
        entityType: 'user',
        entityId: clerk.id,
      }),
    ]);
    const updates = await t.get('/api/v1/audit', { token: admin, query: { action: 'user.updated' } });
    expect(updates.body.items.length).toBeGreaterThan(0);
    expect(updates.body.items.every((e: { action: string }) => e.action === 'user.updated')).toBe(true);
    expect(updates.body.items[0]).toMatchObject({
      entityId: other.user.id,
      actorName: expect.any(String),
      subjectName: 'Renamed Person',
      subjectNameKm: other.user.fullNameKm,
      data: { fullName: 'Renamed Person' },
    });
    // An entry whose data names a person (a board role given) or whom an approver acted for, by name;
    // a value that is no UUID is left alone.
    await append('association:names', 'association.board_role_set', { userId: clerk.id, role: 'treasurer' });
    await append('document:names', 'task.approved', { actingForId: clerk.id, stage: 1 });
    await append('document:names', 'task.approved', { actingForId: 'not-a-uuid', userId: 42 });
    const named = async (stream: string) =>
      (await t.get('/api/v1/audit', { token: admin, query: { stream } })).body.items;
    expect((await named('association:names'))[0]).toMatchObject({
      subjectName: 'Chan Dara',
      subjectNameKm: 'ចាន់ ដារា',
      actingForName: null,
    });
    expect(await named('document:names')).toEqual([
      expect.objectContaining({ subjectName: null, actingForName: null }),
      expect.objectContaining({ subjectName: null, actingForName: 'Chan Dara', actingForNameKm: 'ចាន់ ដារា' }),
    ]);
    // The system's entries (the fixtures above) name nobody.
    const system = await t.get('/api/v1/audit', { token: admin, query: { stream: 'document:many' } });
    expect(system.body.items[0]).toMatchObject({ actorId: null, actorName: null, actorNameKm: null });

    const badQueries: Record<string, string>[] = [
      { actorId: 'not-a-uuid' },
      { action: 'user.deleted' },
      { action: '' },
    ];
    for (const query of badQueries) {
      const bad = await t.get('/api/v1/audit', { token: admin, query });
      expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    // Deny by default: not the clerk about themselves, not without signing in.
    expect((await t.get('/api/v1/audit', { token: clerkToken, query: { actorId: clerk.id } })).status).toBe(
      403,
    );
    expect((await t.get('/api/v1/audit', { query: { actorId: clerk.id } })).status).toBe(401);
  });

  it("names, page by page, the accounts its entries' data hold by id, and nothing else", async () => {
    const elected = await createUserWithToken(t, { fullName: 'Chan Sophea', fullNameKm: 'ចាន់ សុភា' });
    const substitute = await createUserWithToken(t, { fullName: 'Keo Dara', fullNameKm: null });
    const stream = `election:${randomUUID()}`;
    await append(stream, 'election.certified', {
      elected: [elected.user.id.toUpperCase()],
      substitutes: [{ userId: substitute.user.id, rank: 1 }],
      termId: randomUUID(),
    });
    await append(stream, 'election.tallied', { ballotsCast: 3 });
    const admin = await adminToken(t);
    const page = await t.get('/api/v1/audit', { token: admin, query: { stream } });
    expect(page.status).toBe(200);
    expect(page.body.people).toEqual(
      [
        { id: elected.user.id, name: 'Chan Sophea', nameKm: 'ចាន់ សុភា' },
        { id: substitute.user.id, name: 'Keo Dara', nameKm: null },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
    // A page whose entries name nobody names nobody.
    const last = await t.get('/api/v1/audit', { token: admin, query: { stream, limit: '1' } });
    expect(last.body.items.map((e: { action: string }) => e.action)).toEqual(['election.tallied']);
    expect(last.body.people).toEqual([]);
  });
});
