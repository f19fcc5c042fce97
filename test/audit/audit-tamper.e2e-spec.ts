import { createPublicKey, verify } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { AuditCheckpoints } from '../../src/audit/audit-checkpoints.service.js';
import type { SignedCheckpoint } from '../../src/audit/audit-chain.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { canonicalize } from '../../src/signing/signatures.js';
import { SigningKeyService } from '../../src/signing/signing-key.service.js';
import { checkRuntimeRole } from '../../src/database/runtime-role.js';
import { TransactionService } from '../../src/database/transaction.service.js';
import { createDataSource } from '../../src/database/data-source.js';
import { adminToken, createUserWithToken } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { TEST_PG_URL, withDatabase } from '../helpers/test-env.js';
import { waitFor } from '../support/wait.js';

/**
 * Issue 14 item 5: the application's own database role cannot rewrite the audit log, and a deleted
 * tail or stream is found against the last signed checkpoint (heads rewound or not).
 */
describe('#14.5 tamper-evident audit that the application itself cannot rewrite', () => {
  let t: TestApp;
  let audit: AuditService;
  let tx: TransactionService;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp({ APP_ROLE: 'api' });
    audit = t.service(AuditService);
    tx = t.service(TransactionService);
    admin = await adminToken(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  const append = (stream: string, action: string, data: Record<string, unknown> = {}) =>
    tx.run((em) =>
      audit.append(em, {
        stream,
        action,
        actorId: null,
        entityType: stream.split(':')[0],
        entityId: stream.split(':')[1],
        data,
      }),
    );

  /** SQL as the owner of the tables, with the append-only trigger off (what an administrator could do). */
  const asOwnerWithoutTrigger = (sql: string, params: unknown[] = []) =>
    t.asOwner(async (c) => {
      await c.query('BEGIN');
      await c.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
      await c.query(sql, params);
      await c.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
      await c.query('COMMIT');
    });

  it('#14.5 the app runs as a role that is no superuser and owns no table', async () => {
    const [me] = await t.dataSource.query<{ superuser: boolean; owns: boolean }[]>(
      `SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
              EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                       WHERE n.nspname = 'public' AND pg_has_role(current_user, c.relowner, 'USAGE')) AS owns`,
    );
    expect(me).toEqual({ superuser: false, owns: false });
  });

  it('#14.5 as the runtime role, UPDATE, DELETE and TRUNCATE of the audit tables are refused', async () => {
    await append('document:r', 'document.created');
    await t.post('/api/v1/audit/checkpoints', {}, { token: admin });
    for (const table of ['audit_log', 'audit_heads', 'audit_checkpoints']) {
      for (const sql of [`DELETE FROM ${table}`, `TRUNCATE ${table}`]) {
        await expect(t.dataSource.query(sql)).rejects.toThrow(/permission denied/);
      }
    }
    await expect(t.dataSource.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(t.dataSource.query(`UPDATE audit_heads SET seq = 1`)).rejects.toThrow(/permission denied/);
    await expect(t.dataSource.query(`UPDATE audit_checkpoints SET heads = '{}'`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(
      t.dataSource.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`),
    ).rejects.toThrow(/must be owner/);
    // Nor can it redefine what computes the hashes.
    await expect(
      t.dataSource.query(
        `CREATE OR REPLACE FUNCTION audit_entry_hash(text, int, text, uuid, text, text, jsonb, timestamptz, text)
         RETURNS text LANGUAGE sql AS $$ SELECT 'x' $$`,
      ),
    ).rejects.toThrow(/must be owner|permission denied/);
    // Heads move only through audit_append, which runs as the owner: granted to the runtime role, not to PUBLIC.
    const [fn] = await t.dataSource.query<{ definer: boolean; acl: string }[]>(
      `SELECT prosecdef AS definer, proacl::text AS acl FROM pg_proc WHERE proname = 'audit_append'`,
    );
    expect(fn.definer).toBe(true);
    expect(fn.acl).toContain('mwf_test_app=X/');
    expect(fn.acl).not.toMatch(/[{,]=X\//);
    // And the owner itself meets the append-only triggers.
    await t.asOwner(async (c) => {
      await expect(c.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
      await expect(c.query(`UPDATE audit_checkpoints SET heads = '{}'`)).rejects.toThrow(/append-only/);
      await expect(c.query(`TRUNCATE audit_checkpoints`)).rejects.toThrow(/append-only/);
    });
  });

  it('#14.5 what the owner creates later is granted to the runtime role by default (tables, sequences)', async () => {
    await t.asOwner((c) =>
      c.query(`CREATE TABLE later_t (id bigint GENERATED BY DEFAULT AS IDENTITY, label text)`),
    );
    await t.dataSource.query(`INSERT INTO later_t (label) VALUES ('ក')`);
    await t.dataSource.query(`UPDATE later_t SET label = 'ខ'`);
    expect(await t.dataSource.query(`SELECT label FROM later_t`)).toEqual([{ label: 'ខ' }]);
    await expect(t.dataSource.query(`DROP TABLE later_t`)).rejects.toThrow(/must be owner/);
    await expect(t.dataSource.query(`CREATE TABLE mine_t (id int)`)).rejects.toThrow(/permission denied/);
  });

  it('#14.5 one hash definition: the database computes the known hashes of the canonical form', async () => {
    // Hashes of the canonical form (src/audit/README.md), as entries already stored were hashed.
    const [row] = await t.dataSource.query<{ a: string; b: string }[]>(
      `SELECT audit_entry_hash($1, 2, 'task.approved', '00000000-0000-0000-0000-000000000001', 'document', 'e',
                               $2::jsonb, '2026-11-24T10:00:00.123Z', repeat('f', 64)) AS a,
              audit_entry_hash($1, 1, 'task.approved', NULL, 'document', 'e', '{}', '2026-11-24T10:00:00.123Z', NULL) AS b`,
      [
        'document:"quoted"\\',
        JSON.stringify({
          z: [1, { b: 'ខ្មែរ', a: null }],
          comment: 'line\nbreak \u2028 "q" \u0001',
          n: 1.5,
          big: 12345678901,
          neg: -0.25,
        }),
      ],
    );
    expect(row).toEqual({
      a: '3bf01aaad33b2c5540dc6a56b1f78dc2750414182eb503224bbd8c5de80ff6f3',
      b: '9b819557da946627d9bed44216d53316e03b920f79a41586fb9492e62f38e4d4',
    });
    // Every covered field changes it; key order in data does not.
    const variants = await t.dataSource.query<{ h: string }[]>(
      `SELECT audit_entry_hash(v.stream, v.seq, v.action, v.actor::uuid, v.etype, v.eid, v.data::jsonb, v.at::timestamptz, v.prev) AS h
         FROM (VALUES
           ('s', 1, 'a', NULL, 'e', 'i', '{"x": 1, "y": "ខ"}', '2026-11-24T10:00:00.123Z', NULL),
           ('t', 1, 'a', NULL, 'e', 'i', '{"x": 1, "y": "ខ"}', '2026-11-24T10:00:00.123Z', NULL),
           ('s', 2, 'a', NULL, 'e', 'i', '{"x": 1, "y": "ខ"}', '2026-11-24T10:00:00.123Z', NULL),
           ('s', 1, 'b', NULL, 'e', 'i', '{"x": 1, "y": "ខ"}', '2026-11-24T10:00:00.123Z', NULL),
           ('s', 1, 'a', '00000000-0000-0000-0000-000000000000', 'e', 'i', '{"x": 1, "y": "ខ"}', '2026-11-24T10:00:00.123Z', NULL),
           ('s', 1, 'a', NULL, 'f', 'i', '{"x": 1, "y": "ខ"}', '2026-11-24T10:00:00.123Z', NULL),
           ('s', 1, 'a', NULL, 'e', 'j', '{"x": 1, "y": "ខ"}', '2026-11-24T10:00:00.123Z', NULL),
           ('s', 1, 'a', NULL, 'e', 'i', '{"x": 2, "y": "ខ"}', '2026-11-24T10:00:00.123Z', NULL),
           ('s', 1, 'a', NULL, 'e', 'i', '{"x": 1, "y": "ខ"}', '2026-11-24T10:00:00.124Z', NULL),
           ('s', 1, 'a', NULL, 'e', 'i', '{"x": 1, "y": "ខ"}', '2026-11-24T10:00:00.123Z', repeat('a', 64)),
           ('s', 1, 'a', NULL, 'e', 'i', '{"y": "ខ", "x": 1}', '2026-11-24T10:00:00.123Z', NULL)
         ) AS v(stream, seq, action, actor, etype, eid, data, at, prev)`,
    );
    const hashes = variants.map((v) => v.h);
    expect(new Set(hashes.slice(0, 10)).size).toBe(10);
    expect(hashes[10]).toBe(hashes[0]);
  });

  describe('checkpoints', () => {
    it('#14.5 POST /audit/checkpoints signs the head of every stream; GET latest returns it (admin only)', async () => {
      const a2 = await append('document:cp', 'document.submitted');
      const made = await t.post('/api/v1/audit/checkpoints', {}, { token: admin });
      expect(made.status).toBe(201);
      expect(made.body.heads['document:cp']).toEqual({ seq: a2.seq, hash: a2.hash });
      const latest = await t.get('/api/v1/audit/checkpoints/latest', { token: admin });
      expect(latest.status).toBe(200);
      expect(latest.body).toEqual(made.body);
      const { id, at, heads, signature, publicKeyId } = latest.body;
      const key = createPublicKey(t.service<SigningKeyService>(SigningKeyService).publicKeyPem);
      const statement = Buffer.from(canonicalize({ id, at, heads, publicKeyId }), 'utf8');
      expect(verify(null, statement, key, Buffer.from(signature, 'base64'))).toBe(true);

      const { token } = await createUserWithToken(t);
      expect((await t.post('/api/v1/audit/checkpoints', {}, { token })).status).toBe(403);
      expect((await t.get('/api/v1/audit/checkpoints/latest', { token })).status).toBe(403);
      expect((await t.post('/api/v1/audit/checkpoints', {})).status).toBe(401);
      expect((await t.get('/api/v1/audit/checkpoints/latest')).status).toBe(401);
    });

    it('#14.5 a deleted tail whose head is rewound is found against the last checkpoint', async () => {
      await append('document:tail', 'a');
      await append('document:tail', 'b');
      const third = await append('document:tail', 'c');
      expect((await t.post('/api/v1/audit/checkpoints', {}, { token: admin })).status).toBe(201);
      expect(await audit.verify()).toMatchObject({ ok: true });

      const [saved] = await t.dataSource.query<Record<string, unknown>[]>(
        `SELECT * FROM audit_log WHERE id = $1`,
        [third.id],
      );
      const [head] = await t.dataSource.query<{ seq: number; hash: string }[]>(
        `SELECT seq, hash FROM audit_heads WHERE stream = 'document:tail'`,
      );
      await asOwnerWithoutTrigger(`DELETE FROM audit_log WHERE id = $1`, [third.id]);
      await t.asOwner((c) =>
        c.query(
          `UPDATE audit_heads SET seq = 2, hash = (SELECT hash FROM audit_log WHERE stream = 'document:tail' AND seq = 2)
           WHERE stream = 'document:tail'`,
        ),
      );
      const result = await audit.verify();
      expect(result).toMatchObject({ ok: false, problem: 'tail_missing', stream: 'document:tail' });
      const res = await t.get('/api/v1/audit/verify', { token: admin });
      expect(res.body).toMatchObject({ ok: false, problem: 'tail_missing', stream: 'document:tail' });
      // Nor does a new checkpoint paper over it.
      const refused = await t.post('/api/v1/audit/checkpoints', {}, { token: admin });
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('AUDIT_CHECKPOINT_REFUSED');

      // Put back as it was: all is well again.
      await asOwnerWithoutTrigger(
        `INSERT INTO audit_log (id, stream, seq, action, actor_id, entity_type, entity_id, data, created_at, prev_hash, hash)
         OVERRIDING SYSTEM VALUE SELECT id, stream, seq, action, actor_id, entity_type, entity_id, data, created_at, prev_hash, hash
         FROM jsonb_populate_record(NULL::audit_log, $1::jsonb)`,
        [JSON.stringify(saved)],
      );
      await t.asOwner((c) =>
        c.query(`UPDATE audit_heads SET seq = $1, hash = $2 WHERE stream = 'document:tail'`, [
          head.seq,
          head.hash,
        ]),
      );
      expect(await audit.verify()).toMatchObject({ ok: true });
    });

    it('#14.5 a deleted stream and its head are found against the last checkpoint', async () => {
      await append('document:gone', 'a');
      await append('document:gone', 'b');
      expect((await t.post('/api/v1/audit/checkpoints', {}, { token: admin })).status).toBe(201);
      await asOwnerWithoutTrigger(`DELETE FROM audit_log WHERE stream = 'document:gone'`);
      await t.asOwner((c) => c.query(`DELETE FROM audit_heads WHERE stream = 'document:gone'`));
      expect(await audit.verify()).toMatchObject({
        ok: false,
        problem: 'stream_missing',
        stream: 'document:gone',
      });
    });
  });
});

describe('#14.5 the app refuses to run as a superuser or owner in production', () => {
  const warnings: string[] = [];
  const logger = { warn: (m: string) => void warnings.push(m) } as unknown as Logger;
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ APP_ROLE: 'api' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('#14.5 production refuses the owner of the tables; the runtime role passes', async () => {
    const ds = createDataSource(t.db.ownerUrl, 1);
    await ds.initialize();
    try {
      await expect(checkRuntimeRole(ds, { production: true }, logger)).rejects.toThrow(/owns/);
    } finally {
      await ds.destroy();
    }
    await expect(checkRuntimeRole(t.dataSource, { production: true }, logger)).resolves.toBeUndefined();
  });

  it('#14.5 production refuses a superuser connection; development warns', async () => {
    const ds = createDataSource(withDatabase(TEST_PG_URL, 'postgres'), 1);
    await ds.initialize();
    try {
      await expect(checkRuntimeRole(ds, { production: true }, logger)).rejects.toThrow(/superuser/);
      await expect(checkRuntimeRole(ds, { production: false }, logger)).resolves.toBeUndefined();
      expect(warnings.join('\n')).toMatch(/superuser/);
    } finally {
      await ds.destroy();
    }
  });
});

describe('#14.5 the worker checkpoints on a schedule', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ APP_ROLE: 'all', AUDIT_CHECKPOINT_MINUTES: '60' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('#14.5 a checkpoint is made soon after start and the next one is scheduled once', async () => {
    const rows = await waitFor('the first checkpoint', async () => {
      const found: { id: string }[] = await t.dataSource.query(
        `SELECT id::text AS id FROM audit_checkpoints`,
      );
      return found.length > 0 && found;
    });
    expect(rows).toHaveLength(1);
    const pending = await t.dataSource.query<{ run_at: Date }[]>(
      `SELECT run_at FROM outbox_events WHERE name = 'audit.checkpoint' AND processed_at IS NULL`,
    );
    expect(pending).toHaveLength(1);
    expect(new Date(pending[0].run_at).getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    // Asking again (a second worker starting) schedules nothing more.
    await t.service<AuditCheckpoints>(AuditCheckpoints).ensureScheduled();
    expect(
      await t.dataSource.query(
        `SELECT 1 FROM outbox_events WHERE name = 'audit.checkpoint' AND processed_at IS NULL`,
      ),
    ).toHaveLength(1);
  }, 30_000);
});

describe('#14.5 what only a checkpoint kept outside the database finds', () => {
  let t: TestApp;
  let audit: AuditService;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp({ APP_ROLE: 'api' });
    audit = t.service(AuditService);
    admin = await adminToken(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  const append = (stream: string, action: string, data: Record<string, unknown> = {}) =>
    t
      .service<TransactionService>(TransactionService)
      .run((em) =>
        audit.append(em, { stream, action, actorId: null, entityType: 'document', entityId: 'kept', data }),
      );

  it('#14.5 a checkpoint row forged without the signing key is reported', async () => {
    await append('document:kept', 'document.created', { title: 'ផែនការ' });
    await t.asOwner((c) =>
      c.query(
        `INSERT INTO audit_checkpoints (at, heads, public_key_id, signature) VALUES (now(), '{}', $1, 'AAAA')`,
        [t.service<SigningKeyService>(SigningKeyService).publicKeyId],
      ),
    );
    expect(await audit.verify()).toMatchObject({ ok: false, problem: 'checkpoint_signature' });
    const refused = await t.post('/api/v1/audit/checkpoints', {}, { token: admin });
    expect(refused.status).toBe(409);
    await t.asOwner(async (c) => {
      await c.query('ALTER TABLE audit_checkpoints DISABLE TRIGGER audit_checkpoints_append_only');
      await c.query('DELETE FROM audit_checkpoints');
      await c.query('ALTER TABLE audit_checkpoints ENABLE TRIGGER audit_checkpoints_append_only');
    });
  });

  it('#14.5 the owner rewrites a stream, recomputes its chain and deletes the checkpoints: the kept one finds it', async () => {
    await append('document:kept', 'document.submitted');
    expect((await t.post('/api/v1/audit/checkpoints', {}, { token: admin })).status).toBe(201);
    const kept = (await t.get('/api/v1/audit/checkpoints/latest', { token: admin })).body as SignedCheckpoint;
    await append('document:kept', 'document.approved');

    await t.asOwner(async (c) => {
      await c.query('BEGIN');
      await c.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
      await c.query('ALTER TABLE audit_checkpoints DISABLE TRIGGER audit_checkpoints_append_only');
      await c.query(
        `UPDATE audit_log SET data = '{"title": "ផែនការក្លែង"}' WHERE stream = 'document:kept' AND seq = 1`,
      );
      for (const seq of [1, 2, 3]) {
        await c.query(
          `UPDATE audit_log l SET
             prev_hash = (SELECT hash FROM audit_log p WHERE p.stream = l.stream AND p.seq = l.seq - 1)
           WHERE stream = 'document:kept' AND seq = $1`,
          [seq],
        );
        await c.query(
          `UPDATE audit_log l SET hash = audit_entry_hash(l.stream, l.seq, l.action, l.actor_id, l.entity_type,
                                                          l.entity_id, l.data, l.created_at, l.prev_hash)
           WHERE stream = 'document:kept' AND seq = $1`,
          [seq],
        );
      }
      await c.query(
        `UPDATE audit_heads SET hash = (SELECT hash FROM audit_log WHERE stream = 'document:kept' AND seq = 3)
         WHERE stream = 'document:kept'`,
      );
      await c.query('DELETE FROM audit_checkpoints');
      await c.query('ALTER TABLE audit_checkpoints ENABLE TRIGGER audit_checkpoints_append_only');
      await c.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
      await c.query('COMMIT');
    });
    // The database alone looks sound: that is what the owner can do (src/audit/README.md).
    expect(await audit.verify()).toEqual({ ok: true, checked: 3 });
    // The checkpoint kept outside finds it (as `npm run audit:verify -- --checkpoint kept.json` does).
    expect(await audit.verify([kept])).toMatchObject({
      ok: false,
      problem: 'checkpoint_mismatch',
      stream: 'document:kept',
      checkpointId: kept.id,
    });
  });
});
