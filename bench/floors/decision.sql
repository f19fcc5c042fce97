-- The same-work floor of one approval decision that completes a one-stage workflow (issue 18): the
-- rows the decision must write, in its two transactions, one statement per row written (as
-- pgbench's own -N script is written), run with `pgbench -M prepared -f decision.sql` on the tables
-- of schema.sql. Each pgbench "transaction" of this script is one decision: its tps is decisions/s.
--
-- What the real path writes, counted with log_statement = all on one such decision (3 December
-- 2026) and read in src/approvals/decisions.service.ts approve(), jobs/advance-stage.job.ts,
-- sign-off.service.ts, src/audit/audit.service.ts (audit_append), src/outbox/:
--   the API's transaction: approvals_lock_task (request, stage, task, document locked FOR UPDATE),
--     approvals_decide_approve (task and stage updated; the acted_before trigger then rewrites the
--     request's read model), audit_append (two entries, task.approved and stage.approved: the
--     head written twice, two log rows), outbox_add (approvals.advance), pg_notify; COMMIT;
--   the relay's transaction: the event marked relayed (then BullMQ in Redis);
--   the worker's transaction: the event claimed (processed_at), request locked and read, document
--     locked, unit, signers and user read, documents updated, document_signatures inserted,
--     outbox_add (approvals.signed_copy), approval_requests updated, audit_append (document.approved:
--     head twice, one log row), notifications inserted (approval.decided, in-app now); COMMIT;
--   then the relay's and the worker's transactions for the signed copy (a PDF rendered in
--     Chromium, a files row, document_signatures updated, one more audit entry).
-- The floor keeps what the issue names as a decision's work: the task and stage decided, the audit
-- entry with its chain head, the outbox row; then the request and document approved, the
-- signature, the audit entry, the notification, the outbox row completed. Not in it: the row locks
-- and reads, the second audit entry of the first transaction, the head's second write per entry,
-- the acted_before read model, the relay's marks, the signed copy and its job.

BEGIN;
-- approvals_decide_approve, CTE `decided`: the task approved (the sequence picks a document of this
-- transaction's own, as each decision of the scenario is on a task of its own).
WITH d AS (SELECT nextval('floor_next_document') AS n)
UPDATE approval_tasks t
   SET status = 'approved', decided_at = now(), decided_by_id = md5('approver')::uuid, comment = NULL
  FROM d
 WHERE t.id = md5('task:' || d.n)::uuid
RETURNING d.n AS doc \gset
-- approvals_decide_approve, CTE `stage`: the stage approved (mode `any`: the first approval settles it).
UPDATE approval_stages SET status = 'approved', completed_at = now() WHERE id = md5('stage:' || :doc::bigint)::uuid;
-- audit_append: the document's chain head advanced, the entry's SHA-256 chained to the previous one.
UPDATE audit_heads h
   SET seq = h.seq + 1,
       hash = encode(sha256(convert_to(jsonb_build_object(
         'action', 'task.approved', 'actorId', md5('approver')::uuid, 'createdAt', now(),
         'data', jsonb_build_object('stage', 0, 'taskId', md5('task:' || :doc::bigint)::uuid, 'comment', NULL,
                                    'stageName', 'Stage 1', 'versionNo', 1, 'actingForId', NULL),
         'entityId', md5('doc:' || :doc::bigint)::uuid, 'entityType', 'document', 'prevHash', p.hash,
         'seq', h.seq + 1, 'stream', h.stream)::text, 'UTF8')), 'hex')
  FROM audit_heads p
 WHERE h.stream = 'document:' || md5('doc:' || :doc::bigint)::uuid AND p.stream = h.stream
RETURNING h.seq AS seq, h.hash AS hash, p.hash AS prev \gset
-- audit_append: the entry task.approved.
INSERT INTO audit_log (stream, seq, action, actor_id, entity_type, entity_id, data, created_at, prev_hash, hash)
VALUES ('document:' || md5('doc:' || :doc::bigint)::uuid, :seq, 'task.approved', md5('approver')::uuid, 'document',
        md5('doc:' || :doc::bigint)::uuid::text,
        jsonb_build_object('stage', 0, 'taskId', md5('task:' || :doc::bigint)::uuid, 'comment', NULL,
                           'stageName', 'Stage 1', 'versionNo', 1, 'actingForId', NULL),
        date_trunc('milliseconds', now()), :prev, :hash);
-- outbox_add: approvals.advance for the worker.
INSERT INTO outbox_events (queue, name, payload, run_at)
VALUES ('workflow', 'approvals.advance',
        jsonb_build_object('requestId', md5('req:' || :doc::bigint)::uuid, 'stageIndex', 0), now())
RETURNING id AS event \gset
COMMIT;

BEGIN;
-- outbox_claim_event: the event processed (claimed in the job's own transaction).
UPDATE outbox_events SET processed_at = now(), attempts = attempts + 1 WHERE id = :event;
-- advance-stage.job.ts: the request approved (sign-off after the last stage).
UPDATE approval_requests SET status = 'approved', finished_at = now(), updated_at = now()
 WHERE id = md5('req:' || :doc::bigint)::uuid;
-- sign-off.service.ts: the document approved, with its verification code.
UPDATE documents
   SET status = 'approved', approved_at = now(), updated_at = now(),
       verification_code = upper(substr(md5('code:' || :doc::bigint), 1, 16))
 WHERE id = md5('doc:' || :doc::bigint)::uuid;
-- sign-off.service.ts: the signature (the manifest, its canonical text, the Ed25519 signature in
-- base64), the sizes of the real one.
INSERT INTO document_signatures (document_id, manifest, canonical, signature, public_key_id)
SELECT md5('doc:' || :doc::bigint)::uuid, m, m::text, rpad(encode(sha256(convert_to(m::text, 'UTF8')), 'base64'), 88, '='),
       '7018cb88e9f2166b'
  FROM jsonb_build_object(
         'title', 'ផែនការ bench_floor_' || :doc::bigint, 'sha256', encode(sha256(convert_to(:doc::text, 'UTF8')), 'hex'),
         'signers', jsonb_build_array(jsonb_build_object('at', now(), 'name', 'bench approver', 'post', NULL,
           'stage', 'Stage 1', 'nameKm', 'អ្នកសាកល្បង', 'postKm', NULL, 'actingFor', NULL)),
         'versionNo', 1, 'approvedAt', now(), 'documentId', md5('doc:' || :doc::bigint)::uuid,
         'issuingUnit', jsonb_build_object('code', 'BFL', 'name', 'Bench office', 'nameKm', NULL),
         'publicKeyId', '7018cb88e9f2166b', 'documentType', 'bench_floor',
         'referenceNumber', 'BFL/2026/' || lpad(:doc::text, 6, '0'),
         'verificationCode', upper(substr(md5('code:' || :doc::bigint), 1, 16))) AS m;
-- audit_append: the chain head advanced for document.approved.
UPDATE audit_heads h
   SET seq = h.seq + 1,
       hash = encode(sha256(convert_to(jsonb_build_object(
         'action', 'document.approved', 'actorId', NULL, 'createdAt', now(),
         'data', jsonb_build_object('sha256', encode(sha256(convert_to(:doc::text, 'UTF8')), 'hex'), 'signers', 1,
                                    'versionNo', 1, 'publicKeyId', '7018cb88e9f2166b',
                                    'referenceNumber', 'BFL/2026/' || lpad(:doc::text, 6, '0')),
         'entityId', md5('doc:' || :doc::bigint)::uuid, 'entityType', 'document', 'prevHash', p.hash,
         'seq', h.seq + 1, 'stream', h.stream)::text, 'UTF8')), 'hex')
  FROM audit_heads p
 WHERE h.stream = 'document:' || md5('doc:' || :doc::bigint)::uuid AND p.stream = h.stream
RETURNING h.seq AS seq, h.hash AS hash, p.hash AS prev \gset
-- audit_append: the entry document.approved.
INSERT INTO audit_log (stream, seq, action, actor_id, entity_type, entity_id, data, created_at, prev_hash, hash)
VALUES ('document:' || md5('doc:' || :doc::bigint)::uuid, :seq, 'document.approved', NULL, 'document',
        md5('doc:' || :doc::bigint)::uuid::text,
        jsonb_build_object('sha256', encode(sha256(convert_to(:doc::text, 'UTF8')), 'hex'), 'signers', 1,
                           'versionNo', 1, 'publicKeyId', '7018cb88e9f2166b',
                           'referenceNumber', 'BFL/2026/' || lpad(:doc::text, 6, '0')),
        date_trunc('milliseconds', now()), :prev, :hash);
-- notifications_create_channels: the submitter's approval.decided, in-app (no e-mail, no Telegram).
INSERT INTO notifications (user_id, event_key, kind, title, body, link, data, email_status, in_app, telegram_status)
VALUES (md5('submitter')::uuid, 'document:' || md5('doc:' || :doc::bigint)::uuid || ':' || 'approved', 'approval.decided',
        'ឯកសាររបស់អ្នក BFL/2026/' || lpad(:doc::text, 6, '0') || '៖ អនុម័ត',
        'ឯកសារ «ផែនការ bench_floor_' || :doc::bigint || '» ត្រូវបានអនុម័តដោយ bench approver។',
        '/documents/' || md5('doc:' || :doc::bigint)::uuid,
        jsonb_build_object('params', jsonb_build_object('title', 'ផែនការ bench_floor_' || :doc::bigint, 'comment', '',
          'decision', jsonb_build_object('en', 'approved', 'km', 'អនុម័ត'),
          'decidedBy', jsonb_build_object('en', 'bench approver', 'km', 'អ្នកសាកល្បង'),
          'reference', 'BFL/2026/' || lpad(:doc::text, 6, '0'))),
        'skipped', true, 'skipped');
COMMIT;
