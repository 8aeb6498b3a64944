-- Idempotency keys for every write endpoint (crates/server/src/idempotency.rs), keyed by
-- (scope, key): the scope is the resource (submissions; to come orders, bookings), so one
-- key means different things in different scopes. Replaces the submissions-only table of
-- 0002: its rows are copied in with scope 'submissions', their request hash as the
-- fingerprint and their reference as the resource id, and it is dropped. The new table is
-- built under a temporary name and renamed, because SQLite cannot change a primary key.
--
-- A key is claimed with INSERT ... ON CONFLICT (scope, idempotency_key) DO NOTHING in the
-- transaction that writes the resource; the answer is filled in before it commits, so no
-- one ever reads a claimed row without its answer.
--
-- Portable SQL only (SQLite and PostgreSQL through sqlx::any).

CREATE TABLE idempotency_keys_v3 (
    scope TEXT NOT NULL,                      -- the resource: submissions
    idempotency_key TEXT NOT NULL,            -- the Idempotency-Key header, 1-128 visible ASCII
    fingerprint TEXT NOT NULL,                -- SHA-256 (hex) of the target and the canonical JSON body
    response_status BIGINT NOT NULL,          -- the first answer's status: 201
    response_json TEXT NOT NULL,              -- the first answer's body (a submission's without its answers)
    resource_id TEXT,                         -- what the write created: a submission's reference
    created_at TEXT NOT NULL,                 -- 2026-03-10T14:05:09+08:00
    CONSTRAINT idempotency_keys_scope_key PRIMARY KEY (scope, idempotency_key)
);

INSERT INTO idempotency_keys_v3
    (scope, idempotency_key, fingerprint, response_status, response_json, resource_id, created_at)
SELECT 'submissions', idempotency_key, request_hash, response_status, response_json, reference, created_at
FROM idempotency_keys;

DROP TABLE idempotency_keys;

ALTER TABLE idempotency_keys_v3 RENAME TO idempotency_keys;
