#!/usr/bin/env node
// Fills a migrated database with a large approvals data set, to measure the inbox at scale:
// DOCS documents (default 1,000,000), each with one version, one request, one stage and
// TASKS_PER_DOC tasks (default 5: 5,000,000 tasks), spread over USERS approvers (default 1,000).
// IN_REVIEW (default 0.2) of the documents are in review with one pending task each; the rest are
// approved.
//
//   createdb mwf_big && DATABASE_URL=postgres://postgres@127.0.0.1:5432/mwf_big npm run migration:run
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/mwf_big node scripts/generate-approvals-data.mjs
//
// Then start the server on that database and run the inbox scenario against it:
//   BENCH_URL=http://127.0.0.1:3000 BENCH_ONLY=approvals-inbox \
//   BENCH_INBOX_USER=gen_approver_1 BENCH_INBOX_PASSWORD=generated-password-1 npm run bench
// Every generated user's password is GEN_PASSWORD (default generated-password-1).
//
// How it is fast: everything is set-based SQL (generate_series, one INSERT ... SELECT per table and
// batch), in ONE transaction that first drops the secondary indexes of the five tables it fills and
// builds them again at the end (one sort per index instead of 5,000,000 random index insertions;
// the GIN trigram indexes above all). Foreign-key triggers are skipped for the load
// (session_replication_role = replica, superuser only): the rows reference each other by
// construction, and the last step checks that every task's stage, request, document and assignee
// exists. A failure rolls everything back, the dropped indexes included.
import argon2 from 'argon2';
import pg from 'pg';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('Set DATABASE_URL to a migrated database (it is written to).');
  process.exit(2);
}
const DOCS = Number(process.env.DOCS ?? 1_000_000);
const TASKS_PER_DOC = Number(process.env.TASKS_PER_DOC ?? 5);
const USERS = Number(process.env.USERS ?? 1000);
const IN_REVIEW = Number(process.env.IN_REVIEW ?? 0.2);
const BATCH = Number(process.env.BATCH ?? 250_000);
const PASSWORD = process.env.GEN_PASSWORD ?? 'generated-password-1';
const TABLES = ['documents', 'document_versions', 'approval_requests', 'approval_stages', 'approval_tasks'];

const db = new pg.Client({ connectionString: url });
await db.connect();
const t0 = Date.now();
const step = (m) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)} s] ${m}`);
try {
  const hash = await argon2.hash(PASSWORD, { type: argon2.argon2id });
  const tag = Date.now().toString(36).toUpperCase();
  await db.query('BEGIN');
  await db.query(`SET LOCAL maintenance_work_mem = '512MB'`);
  await db.query(`SET LOCAL work_mem = '256MB'`);
  await db.query(`SET LOCAL synchronous_commit = off`);
  await db.query(`SET LOCAL session_replication_role = replica`);
  // Secondary indexes (not those behind a primary key or unique constraint): dropped now, built at the end.
  const { rows: indexes } = await db.query(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
     FROM pg_index i
     WHERE i.indrelid = ANY($1::regclass[])
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [TABLES],
  );
  for (const ix of indexes) await db.query(`DROP INDEX ${ix.name}`);
  step(`dropped ${indexes.length} secondary indexes (rebuilt at the end)`);

  const unit = (
    await db.query(
      `INSERT INTO org_units (code, name, name_km) VALUES ($1, 'Generated office', 'ការិយាល័យទិន្នន័យសាកល្បង') RETURNING id`,
      [`GEN${tag}`],
    )
  ).rows[0].id;
  await db.query(
    `INSERT INTO users (username, password_hash, full_name, full_name_km, org_unit_id)
     SELECT 'gen_approver_' || i, $1, 'Generated approver ' || i, 'អ្នកអនុម័ត ' || i, $2
     FROM generate_series(1, $3) i ON CONFLICT (username) DO NOTHING`,
    [hash, unit, USERS],
  );
  await db.query(`CREATE TEMP TABLE gen_users ON COMMIT DROP AS
    SELECT (row_number() OVER (ORDER BY username) - 1)::int AS n, id FROM users WHERE username LIKE 'gen_approver_%'`);
  await db.query(`CREATE UNIQUE INDEX ON gen_users (n)`);
  await db.query(`ANALYZE gen_users`);
  const users = Number((await db.query(`SELECT count(*) FROM gen_users`)).rows[0].count);
  step(`${users} approvers in unit GEN${tag}`);
  const template = (
    await db.query(
      `INSERT INTO workflow_templates (name, document_type, version, active, stages)
       VALUES ($1, 'generated', 1, false, '[{"name":"Review","mode":"all","approvers":[]}]') RETURNING id`,
      [`generated ${tag}`],
    )
  ).rows[0].id;

  for (let from = 1; from <= DOCS; from += BATCH) {
    const to = Math.min(DOCS, from + BATCH - 1);
    // Documents: deterministic pseudo-random submitter, status and age from the row number.
    await db.query(
      `CREATE TEMP TABLE gen_docs AS
       SELECT gen_random_uuid() AS id, gen_random_uuid() AS request_id, gen_random_uuid() AS stage_id, i,
              (i % 1000) < ($3::float8 * 1000) AS in_review,
              now() - make_interval(mins => (($2 - i) % 500000)) AS created,
              u.id AS submitter_id
       FROM generate_series($1::int, $2::int) i JOIN gen_users u ON u.n = (i::bigint * 7919) % $4`,
      [from, to, IN_REVIEW, users],
    );
    await db.query(
      `INSERT INTO documents (id, title, document_type, org_unit_id, classification, metadata, status, submitter_id,
                              current_version_no, reference_number, submitted_at, approved_at, created_at, updated_at)
       SELECT d.id, 'ឯកសារ Document ' || d.i, 'generated', $1, 'internal', jsonb_build_object('amount', d.i % 50000),
              CASE WHEN d.in_review THEN 'in_review' ELSE 'approved' END, d.submitter_id, 1,
              'GEN${tag}/2026/' || lpad(d.i::text, 7, '0'), d.created,
              CASE WHEN d.in_review THEN NULL ELSE d.created + interval '2 days' END, d.created, d.created
       FROM gen_docs d`,
      [unit],
    );
    await db.query(
      `INSERT INTO document_versions (document_id, no, body, sha256, size, mime, author_id, metadata_snapshot, created_at)
       SELECT d.id, 1, 'generated ' || d.i, encode(sha256(('generated ' || d.i)::bytea), 'hex'),
              length('generated ' || d.i), 'text/plain', d.submitter_id, jsonb_build_object('amount', d.i % 50000), d.created
       FROM gen_docs d`,
    );
    await db.query(
      `INSERT INTO approval_stages (id, request_id, index, name, mode, approvers, status, round, activated_at)
       SELECT d.stage_id, d.request_id, 0, 'Review', 'all', '[]', CASE WHEN d.in_review THEN 'active' ELSE 'approved' END, 1, d.created
       FROM gen_docs d`,
    );
    // TASKS_PER_DOC tasks per document; in a document under review the last one is still pending.
    await db.query(
      `CREATE TEMP TABLE gen_tasks AS
       SELECT gen_random_uuid() AS id, d.request_id, d.stage_id, d.id AS document_id, u.id AS assignee_id,
              CASE WHEN d.in_review AND k = $1 THEN 'pending' ELSE 'approved' END AS status,
              d.created + interval '3 days' AS due_at,
              CASE WHEN d.in_review AND k = $1 THEN NULL ELSE d.created + make_interval(hours => k) END AS decided_at,
              d.created
       FROM gen_docs d CROSS JOIN generate_series(1, $1) k JOIN gen_users u ON u.n = (d.i::bigint * 31 + k * 104729 + d.i / 1000) % $2`,
      [TASKS_PER_DOC, users],
    );
    await db.query(
      `INSERT INTO approval_tasks (id, request_id, stage_id, document_id, round, assignee_id, status, version_no, due_at, decided_at, decided_by_id, created_at)
       SELECT t.id, t.request_id, t.stage_id, t.document_id, 1, t.assignee_id, t.status, 1, t.due_at, t.decided_at,
              CASE WHEN t.decided_at IS NULL THEN NULL ELSE t.assignee_id END, t.created
       FROM gen_tasks t`,
    );
    // The requests, with the acted_before that the triggers (skipped for the load) would have kept:
    // the same JSON as approvals_acted_before(request), built for the whole batch at once.
    await db.query(
      `INSERT INTO approval_requests (id, document_id, template_id, template_version, status, current_stage, round, version_no, started_at, finished_at, acted_before)
       SELECT d.request_id, d.id, $1, 1, CASE WHEN d.in_review THEN 'active' ELSE 'approved' END, 0, 1, 1, d.created,
              CASE WHEN d.in_review THEN NULL ELSE d.created + interval '2 days' END, coalesce(a.acted, '[]'::json)
       FROM gen_docs d
       LEFT JOIN (
         SELECT t.request_id, json_agg(row_to_json(e) ORDER BY t.decided_at, t.id) AS acted
           FROM gen_tasks t JOIN users u ON u.id = t.assignee_id
          CROSS JOIN LATERAL (
            SELECT 'Review' AS stage, t.assignee_id AS "userId", u.full_name AS name, u.full_name_km AS "nameKm",
                   NULL::uuid AS "actingForId", t.status, NULL::text AS comment,
                   to_char(t.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "decidedAt"
          ) e
          WHERE t.status = 'approved'
          GROUP BY t.request_id
       ) a ON a.request_id = d.request_id`,
      [template],
    );
    await db.query('DROP TABLE gen_tasks');
    await db.query('DROP TABLE gen_docs');
    step(`documents ${from}-${to}`);
  }
  for (const ix of indexes) {
    await db.query(ix.def);
    step(`index ${ix.name}`);
  }
  // The checks the skipped foreign-key triggers would have made.
  const orphans = (
    await db.query(
      `SELECT count(*)::int AS n FROM approval_tasks t
       WHERE NOT EXISTS (SELECT 1 FROM approval_stages s WHERE s.id = t.stage_id)
          OR NOT EXISTS (SELECT 1 FROM users u WHERE u.id = t.assignee_id)
          OR NOT EXISTS (SELECT 1 FROM approval_requests r WHERE r.id = t.request_id AND r.document_id = t.document_id)`,
    )
  ).rows[0].n;
  if (orphans > 0) throw new Error(`${orphans} generated tasks reference missing rows`);
  await db.query('COMMIT');
  step('committed');
  for (const t of TABLES) await db.query(`VACUUM ANALYZE ${t}`);
  step('vacuum analyze');
  const counts = (
    await db.query(`SELECT (SELECT count(*) FROM documents) AS documents, (SELECT count(*) FROM approval_tasks) AS tasks,
                           (SELECT count(*) FROM approval_tasks WHERE status = 'pending') AS pending`)
  ).rows[0];
  step(
    `done: ${counts.documents} documents, ${counts.tasks} tasks (${counts.pending} pending); password ${PASSWORD}`,
  );
} catch (err) {
  await db.query('ROLLBACK').catch(() => undefined);
  throw err;
} finally {
  await db.end();
}
