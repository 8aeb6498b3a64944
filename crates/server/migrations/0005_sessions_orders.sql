-- Resident sessions (crates/server/src/sessions/), orders and their item locks
-- (crates/server/src/orders/), the sandbox payment provider's trades
-- (crates/server/src/payments/), and the owner of each submission.
--
-- Portable SQL only (SQLite and PostgreSQL through sqlx::any); times are RFC 3339 text with
-- the explicit offset +08:00, which sorts correctly as text.

-- Secrets the server creates once and every instance on this database shares: the session
-- secret (name 'session', 32 random bytes as hex) when SESSION_SECRET is not set.
CREATE TABLE server_secrets (
    name TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL,                      -- hex
    created_at TEXT NOT NULL
);

-- One row per resident session. The cookie carries the session id; only its SHA-256 is
-- stored (id_hash), and it changes when the id is rotated (identity attached). session_key
-- is the SHA-256 of the session's first id and never changes: it is what owned rows store
-- as session_id_hash, so a rotation moves nothing.
CREATE TABLE sessions (
    id_hash TEXT NOT NULL PRIMARY KEY,        -- SHA-256 hex of the current cookie id
    session_key TEXT NOT NULL UNIQUE,         -- SHA-256 hex of the first id: the owner key
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,               -- last write
    expires_at TEXT NOT NULL,                 -- 30 days after the last write
    identity_json TEXT                        -- NULL, or the masked identity and resident_id_hash
);

CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- Orders: what a session pays for. Amounts come from the items as priced by the server.
CREATE TABLE orders (
    id TEXT NOT NULL PRIMARY KEY,             -- random, URL-safe
    reference TEXT NOT NULL UNIQUE,           -- 受理编号
    session_id_hash TEXT NOT NULL,            -- the owner: sessions.session_key
    city_code TEXT NOT NULL,
    state TEXT NOT NULL,                      -- citizen_core::order::OrderState, snake_case
    items_json TEXT NOT NULL,                 -- [{kind, id, title, amount_fen}]
    total_fen BIGINT NOT NULL,                -- the sum of the items' amounts, in 分
    provider TEXT NOT NULL,                   -- sandbox, alipay, wechat
    channel TEXT NOT NULL,                    -- citizen_core::api::Channel of the creating request
    trade_no TEXT,                            -- the current payment attempt's trade
    attempts BIGINT NOT NULL,                 -- payment attempts so far
    failure_json TEXT,                        -- LocalizedText of the last failure
    receipt_no TEXT UNIQUE,                   -- set when paid
    created_at TEXT NOT NULL,
    closes_at TEXT NOT NULL,                  -- 15 minutes after created_at
    paying_at TEXT,
    paid_at TEXT,
    failed_at TEXT,
    cancelled_at TEXT,
    closed_at TEXT
);

CREATE INDEX orders_by_session ON orders (session_id_hash, created_at);
CREATE INDEX orders_by_state ON orders (state, closes_at);

-- An item (a traffic fine, a bill) is in at most one live order: a row is inserted with the
-- order (or its retry), deleted when the order closes, is cancelled or fails; kept when paid.
CREATE TABLE order_item_locks (
    item_kind TEXT NOT NULL,                  -- traffic_fine, utility_bill
    item_id TEXT NOT NULL,
    order_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CONSTRAINT order_item_locks_item PRIMARY KEY (item_kind, item_id)
);

CREATE INDEX order_item_locks_by_order ON order_item_locks (order_id);

-- The sandbox payment provider's own record of its trades, so that any instance answers a
-- query about any trade.
CREATE TABLE sandbox_trades (
    trade_no TEXT NOT NULL PRIMARY KEY,
    order_id TEXT NOT NULL,
    amount_fen BIGINT NOT NULL,
    mode TEXT NOT NULL,                       -- succeed, decline, timeout, late, notify_twice
    status TEXT NOT NULL,                     -- pending, paid, failed
    created_at TEXT NOT NULL,
    deadline_at TEXT NOT NULL,                -- when a pending trade's outcome is decided (timeout: failed)
    settled_at TEXT
);

CREATE INDEX sandbox_trades_by_order ON sandbox_trades (order_id);

-- Submissions now belong to a session (NULL for those stored before: readable by reference).
ALTER TABLE submissions ADD COLUMN session_id_hash TEXT;

CREATE INDEX submissions_by_session ON submissions (session_id_hash, created_at);
