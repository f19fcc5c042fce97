#!/usr/bin/env node
// Fills a migrated database with a large approvals data set, to measure the inbox at scale:
// DOCS documents (default 1,000,000), each with one request, one stage and TASKS_PER_DOC tasks
// (default 5: 5,000,000 tasks), spread over USERS approvers (default 1,000). IN_REVIEW (default
// 0.2) of the documents are in review with one pending task each; the rest are decided.
//
//   DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/mwf_big node scripts/generate-approvals-data.mjs
//
// Then start the server on that database and run the inbox scenario against it:
//   BENCH_URL=http://127.0.0.1:3000 BENCH_ONLY=approvals-inbox \
//   BENCH_INBOX_USER=gen_approver_1 BENCH_INBOX_PASSWORD=generated-password-1 npm run bench
// Every generated user's password is GEN_PASSWORD (default generated-password-1).
// Set-based SQL in batches of BATCH documents; a run of the full size takes minutes and a few GB.
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
const BATCH = Number(process.env.BATCH ?? 100_000);
const PASSWORD = process.env.GEN_PASSWORD ?? 'generated-password-1';

const db = new pg.Client({ connectionString: url });
await db.connect();
const t0 = Date.now();
const step = (m) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)} s] ${m}`);
try {
  const hash = await argon2.hash(PASSWORD, { type: argon2.argon2id });
  const tag = Date.now().toString(36).toUpperCase();
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
  await db.query(`CREATE TEMP TABLE gen_users AS
    SELECT row_number() OVER (ORDER BY username) - 1 AS n, id FROM users WHERE username LIKE 'gen_approver_%'`);
  await db.query(`CREATE UNIQUE INDEX ON gen_users (n)`);
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
    await db.query('BEGIN');
    // Documents: deterministic pseudo-random submitter, type, status from the row number.
    await db.query(
      `CREATE TEMP TABLE gen_docs ON COMMIT DROP AS
       SELECT gen_random_uuid() AS id, gen_random_uuid() AS request_id, gen_random_uuid() AS stage_id, i,
              (i % 1000) < ($3::float8 * 1000) AS in_review,
              now() - make_interval(mins => (($2 - i) % 500000)) AS created
       FROM generate_series($1::int, $2::int) i`,
      [from, to, IN_REVIEW],
    );
    await db.query(
      `INSERT INTO documents (id, title, document_type, org_unit_id, classification, metadata, status, submitter_id,
                              current_version_no, reference_number, submitted_at, approved_at, created_at, updated_at)
       SELECT d.id, 'ឯកសារ Document ' || d.i, 'generated', $1, 'internal', jsonb_build_object('amount', d.i % 50000),
              CASE WHEN d.in_review THEN 'in_review' ELSE 'approved' END, u.id, 1,
              'GEN${tag}/2026/' || lpad(d.i::text, 7, '0'), d.created,
              CASE WHEN d.in_review THEN NULL ELSE d.created + interval '2 days' END, d.created, d.created
       FROM gen_docs d JOIN gen_users u ON u.n = (d.i * 7919) % $2`,
      [unit, users],
    );
    await db.query(
      `INSERT INTO document_versions (document_id, no, body, sha256, size, mime, author_id, metadata_snapshot, created_at)
       SELECT d.id, 1, 'generated ' || d.i, encode(sha256(('generated ' || d.i)::bytea), 'hex'), length('generated ' || d.i),
              'text/plain', doc.submitter_id, doc.metadata, d.created
       FROM gen_docs d JOIN documents doc ON doc.id = d.id`,
    );
    await db.query(
      `INSERT INTO approval_requests (id, document_id, template_id, template_version, status, current_stage, round, version_no, started_at, finished_at)
       SELECT d.request_id, d.id, $1, 1, CASE WHEN d.in_review THEN 'active' ELSE 'approved' END, 0, 1, 1, d.created,
              CASE WHEN d.in_review THEN NULL ELSE d.created + interval '2 days' END
       FROM gen_docs d`,
      [template],
    );
    await db.query(
      `INSERT INTO approval_stages (id, request_id, index, name, mode, approvers, status, round, activated_at)
       SELECT d.stage_id, d.request_id, 0, 'Review', 'all', '[]', CASE WHEN d.in_review THEN 'active' ELSE 'approved' END, 1, d.created
       FROM gen_docs d`,
    );
    // TASKS_PER_DOC tasks per document; in a document under review the last one is still pending.
    await db.query(
      `INSERT INTO approval_tasks (request_id, stage_id, document_id, round, assignee_id, status, version_no, due_at, decided_at, created_at)
       SELECT d.request_id, d.stage_id, d.id, 1, u.id,
              CASE WHEN d.in_review AND k = $1 THEN 'pending' ELSE 'approved' END, 1,
              d.created + interval '3 days',
              CASE WHEN d.in_review AND k = $1 THEN NULL ELSE d.created + make_interval(hours => k) END, d.created
       FROM gen_docs d CROSS JOIN generate_series(1, $1) k JOIN gen_users u ON u.n = (d.i * 31 + k * 104729) % $2`,
      [TASKS_PER_DOC, users],
    );
    await db.query('COMMIT');
    step(`documents ${from}-${to}`);
  }
  await db.query(
    'ANALYZE documents; ANALYZE approval_tasks; ANALYZE approval_stages; ANALYZE approval_requests',
  );
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
