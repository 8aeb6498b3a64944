-- Submitted forms (POST /api/v1/services/{id}/submissions) and the idempotency keys that
-- tie a client's retries to one submission. Unlike the catalog tables these are never
-- replaced at start. No foreign key to services: the catalog is reloaded at every start
-- and a service may leave it while its submissions stay.
--
-- Portable SQL only (SQLite and PostgreSQL through sqlx::any); times are RFC 3339 text with
-- the explicit offset +08:00, which sorts correctly as text.

CREATE TABLE submissions (
    reference TEXT NOT NULL PRIMARY KEY,      -- 受理编号: 20260310-310100-7KD3M9QX2A
    city_code TEXT NOT NULL,                  -- GB/T 2260 code of the city
    service_id TEXT NOT NULL,                 -- the service's id within the city
    answers_json TEXT NOT NULL,               -- normalised answers (citizen_core::form::Answers); personal data
    channel TEXT NOT NULL,                    -- citizen_core::api::Channel: browser, alipay, wechat ...
    status TEXT NOT NULL,                     -- citizen_core::api::SubmissionStatus, snake_case
    created_at TEXT NOT NULL                  -- 2026-03-10T14:05:09+08:00
);

CREATE INDEX submissions_by_service ON submissions (city_code, service_id, created_at);

-- One row per Idempotency-Key that produced a submission. Written in the same transaction
-- as the submission, with INSERT ... ON CONFLICT DO NOTHING: of concurrent requests with
-- one key exactly one inserts, the others roll back and answer with the stored response.
CREATE TABLE idempotency_keys (
    idempotency_key TEXT NOT NULL PRIMARY KEY,
    request_hash TEXT NOT NULL,               -- SHA-256 (hex) of the service id and the canonical JSON body
    reference TEXT NOT NULL REFERENCES submissions (reference),
    response_status BIGINT NOT NULL,          -- 201
    response_json TEXT NOT NULL,              -- the response body without its answers (they are in submissions)
    created_at TEXT NOT NULL
);
