-- The tables the same-work floors (decision.sql, ballot.sql) write, made in the bench run's pgbench
-- database (never the server's) and dropped with it. Each is the migrated table of the same name
-- (`pg_dump -s` of a bench database, 3 December 2026): the same columns, defaults, primary keys,
-- unique and partial indexes, checks, and the foreign keys between these tables. Left out, because
-- a decision or a ballot does not pay for them: the foreign keys to tables not written here (users,
-- org_units, workflow_templates, elections; the floors' UPDATEs do not change those columns, so
-- PostgreSQL would not check them) and the triggers (approval_tasks' acted_before triggers rebuild
-- a read model of the inbox; audit_log's refuse UPDATE and DELETE, which nobody issues).
-- Then the rows the floors decide and vote on: FLOOR_DOCUMENTS documents in review, each with its
-- request, its one active stage and its pending task, its audit chain's head; one election's voter
-- roll of FLOOR_VOTERS members. Rows are numbered: document n has id md5('doc:' || n)::uuid, and
-- so on; the sequences hand each pgbench transaction a document or a voter of its own.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE documents (
    id uuid DEFAULT gen_random_uuid() NOT NULL PRIMARY KEY,
    title text NOT NULL,
    document_type text NOT NULL,
    org_unit_id uuid NOT NULL,
    classification text DEFAULT 'internal'::text NOT NULL,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    status text DEFAULT 'draft'::text NOT NULL,
    submitter_id uuid NOT NULL,
    current_version_no integer DEFAULT 1 NOT NULL,
    reference_number text,
    verification_code text,
    due_at timestamp with time zone,
    submitted_at timestamp with time zone,
    approved_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    revoked_at timestamp with time zone,
    revoked_by_id uuid,
    revocation_reason text,
    CONSTRAINT documents_revocation_check CHECK (((revoked_at IS NULL) = (revocation_reason IS NULL)))
);
CREATE INDEX documents_org_unit_id_idx ON documents USING btree (org_unit_id);
CREATE UNIQUE INDEX documents_reference_number_key ON documents USING btree (reference_number);
CREATE INDEX documents_reference_number_trgm ON documents USING gin (reference_number gin_trgm_ops);
CREATE INDEX documents_status_type_idx ON documents USING btree (status, document_type);
CREATE INDEX documents_submitter_created_idx ON documents USING btree (submitter_id, created_at);
CREATE INDEX documents_title_trgm ON documents USING gin (title gin_trgm_ops);
CREATE UNIQUE INDEX documents_verification_code_key ON documents USING btree (verification_code);

CREATE TABLE approval_requests (
    id uuid DEFAULT gen_random_uuid() NOT NULL PRIMARY KEY,
    document_id uuid NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    template_id uuid NOT NULL,
    template_version integer NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    current_stage integer DEFAULT 0 NOT NULL,
    round integer DEFAULT 1 NOT NULL,
    version_no integer NOT NULL,
    started_at timestamp with time zone NOT NULL,
    finished_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    acted_before json DEFAULT '[]'::json NOT NULL
);
CREATE UNIQUE INDEX approval_requests_document_id_key ON approval_requests USING btree (document_id);
CREATE INDEX approval_requests_status_idx ON approval_requests USING btree (status);

CREATE TABLE approval_stages (
    id uuid DEFAULT gen_random_uuid() NOT NULL PRIMARY KEY,
    request_id uuid NOT NULL REFERENCES approval_requests(id) ON DELETE CASCADE,
    index integer NOT NULL,
    name text NOT NULL,
    mode text NOT NULL,
    quorum integer,
    approvers jsonb NOT NULL,
    sla_hours double precision,
    escalate_to_user_id uuid,
    status text DEFAULT 'pending'::text NOT NULL,
    round integer DEFAULT 0 NOT NULL,
    activated_at timestamp with time zone,
    completed_at timestamp with time zone,
    routing_notes jsonb DEFAULT '[]'::jsonb NOT NULL
);
CREATE UNIQUE INDEX approval_stages_request_index_key ON approval_stages USING btree (request_id, index);

CREATE TABLE approval_tasks (
    id uuid DEFAULT gen_random_uuid() NOT NULL PRIMARY KEY,
    request_id uuid NOT NULL,
    stage_id uuid NOT NULL REFERENCES approval_stages(id) ON DELETE CASCADE,
    document_id uuid NOT NULL,
    round integer NOT NULL,
    assignee_id uuid NOT NULL,
    acting_for_id uuid,
    origin text DEFAULT 'approver'::text NOT NULL,
    escalated_from_task_id uuid,
    post_title text,
    post_title_km text,
    status text DEFAULT 'pending'::text NOT NULL,
    version_no integer NOT NULL,
    due_at timestamp with time zone,
    decided_at timestamp with time zone,
    decided_by_id uuid,
    comment text,
    reminded_at timestamp with time zone,
    escalated_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);
CREATE INDEX approval_tasks_acting_for_id_idx ON approval_tasks USING btree (acting_for_id) WHERE (acting_for_id IS NOT NULL);
CREATE INDEX approval_tasks_assignee_decided_idx ON approval_tasks USING btree (assignee_id, decided_at);
CREATE INDEX approval_tasks_document_id_idx ON approval_tasks USING btree (document_id);
CREATE INDEX approval_tasks_inbox_idx ON approval_tasks USING btree (assignee_id, due_at, id) WHERE (status = 'pending'::text);
CREATE INDEX approval_tasks_overdue_idx ON approval_tasks USING btree (due_at) WHERE (status = 'pending'::text);
CREATE INDEX approval_tasks_request_id_idx ON approval_tasks USING btree (request_id);
CREATE INDEX approval_tasks_stage_id_idx ON approval_tasks USING btree (stage_id);

CREATE TABLE document_signatures (
    id uuid DEFAULT gen_random_uuid() NOT NULL PRIMARY KEY,
    document_id uuid NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    manifest jsonb NOT NULL,
    canonical text NOT NULL,
    signature text NOT NULL,
    public_key_id text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    signed_copy_file_id uuid,
    signed_copy_sha256 text,
    signed_copy_at timestamp with time zone
);
CREATE UNIQUE INDEX document_signatures_document_id_key ON document_signatures USING btree (document_id);

CREATE TABLE audit_heads (
    stream text NOT NULL PRIMARY KEY,
    seq integer NOT NULL,
    hash text NOT NULL
);

CREATE TABLE audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    stream text NOT NULL,
    seq integer NOT NULL,
    action text NOT NULL,
    actor_id uuid,
    entity_type text NOT NULL,
    entity_id text NOT NULL,
    data jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone NOT NULL,
    prev_hash text,
    hash text NOT NULL,
    CONSTRAINT audit_log_created_at_ms CHECK ((created_at = date_trunc('milliseconds'::text, created_at)))
);
CREATE INDEX audit_log_entity_idx ON audit_log USING btree (entity_type, entity_id);
CREATE UNIQUE INDEX audit_log_stream_seq_key ON audit_log USING btree (stream, seq);

CREATE TABLE outbox_events (
    id uuid DEFAULT gen_random_uuid() NOT NULL PRIMARY KEY,
    queue text NOT NULL,
    name text NOT NULL,
    payload jsonb NOT NULL,
    run_at timestamp with time zone DEFAULT now() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    relayed_at timestamp with time zone,
    processed_at timestamp with time zone,
    attempts integer DEFAULT 0 NOT NULL,
    last_error text
);
CREATE INDEX outbox_events_pending_idx ON outbox_events USING btree (run_at) WHERE (processed_at IS NULL);
CREATE INDEX outbox_events_unrelayed_idx ON outbox_events USING btree (created_at) WHERE (relayed_at IS NULL);

CREATE TABLE notifications (
    id uuid DEFAULT gen_random_uuid() NOT NULL PRIMARY KEY,
    user_id uuid NOT NULL,
    event_key text NOT NULL,
    kind text NOT NULL,
    title text NOT NULL,
    body text NOT NULL,
    link text,
    data jsonb DEFAULT '{}'::jsonb NOT NULL,
    read_at timestamp with time zone,
    email_status text DEFAULT 'pending'::text NOT NULL,
    emailed_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    in_app boolean DEFAULT true NOT NULL,
    telegram_status text DEFAULT 'skipped'::text NOT NULL,
    telegram_message_id bigint,
    telegrammed_at timestamp with time zone
);
CREATE UNIQUE INDEX notifications_event_user_key ON notifications USING btree (event_key, user_id);
CREATE INDEX notifications_user_created_idx ON notifications USING btree (user_id, created_at);
CREATE INDEX notifications_user_unread_idx ON notifications USING btree (user_id) WHERE (read_at IS NULL);

CREATE TABLE election_voter_roll (
    election_id uuid NOT NULL,
    user_id uuid NOT NULL,
    voted boolean DEFAULT false NOT NULL,
    PRIMARY KEY (election_id, user_id)
);

CREATE TABLE election_sealed_ballots (
    id uuid DEFAULT gen_random_uuid() NOT NULL PRIMARY KEY,
    election_id uuid NOT NULL,
    sealed bytea NOT NULL
);
CREATE INDEX election_sealed_ballots_election_idx ON election_sealed_ballots USING btree (election_id);

-- Each pgbench transaction takes the next document (decision.sql) or voter (ballot.sql).
CREATE SEQUENCE floor_next_document;
CREATE SEQUENCE floor_next_voter;

-- The documents in review, as the scenario's setup leaves them (a Khmer title, a reference number,
-- one stage in mode `any` with one approver, its task pending, two audit entries on the chain).
INSERT INTO documents (id, title, document_type, org_unit_id, status, submitter_id, reference_number, submitted_at)
SELECT md5('doc:' || n)::uuid, 'ផែនការ bench_floor_' || n, 'bench_floor', md5('unit')::uuid, 'in_review',
       md5('submitter')::uuid, 'BFL/2026/' || lpad(n::text, 6, '0'), now()
  FROM generate_series(1, :FLOOR_DOCUMENTS) n;
INSERT INTO approval_requests (id, document_id, template_id, template_version, status, version_no, started_at)
SELECT md5('req:' || n)::uuid, md5('doc:' || n)::uuid, md5('template')::uuid, 1, 'active', 1, now()
  FROM generate_series(1, :FLOOR_DOCUMENTS) n;
INSERT INTO approval_stages (id, request_id, index, name, mode, approvers, status, round, activated_at, routing_notes)
SELECT md5('stage:' || n)::uuid, md5('req:' || n)::uuid, 0, 'Stage 1', 'any',
       jsonb_build_array(jsonb_build_object('userId', md5('approver')::uuid)), 'active', 1, now(),
       jsonb_build_array(jsonb_build_object('outcome', 'resolved', 'approver', jsonb_build_object('userId', md5('approver')::uuid)))
  FROM generate_series(1, :FLOOR_DOCUMENTS) n;
INSERT INTO approval_tasks (id, request_id, stage_id, document_id, round, assignee_id, status, version_no)
SELECT md5('task:' || n)::uuid, md5('req:' || n)::uuid, md5('stage:' || n)::uuid, md5('doc:' || n)::uuid, 1,
       md5('approver')::uuid, 'pending', 1
  FROM generate_series(1, :FLOOR_DOCUMENTS) n;
INSERT INTO audit_heads (stream, seq, hash)
SELECT 'document:' || md5('doc:' || n)::uuid, 2, encode(sha256(convert_to('doc:' || n, 'UTF8')), 'hex')
  FROM generate_series(1, :FLOOR_DOCUMENTS) n;
INSERT INTO election_voter_roll (election_id, user_id)
SELECT md5('election')::uuid, md5('voter:' || n)::uuid FROM generate_series(1, :FLOOR_VOTERS) n;
VACUUM ANALYZE;
