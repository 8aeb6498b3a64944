-- Traffic and bill lookups (issue 14; crates/server/src/lookups/, payable.rs, sandbox/).
--
-- The records a lookup reads: vehicles and their violations (交通违法), utility accounts
-- (户号) and their bills (账期). In this deployment they hold the deterministic sandbox seed
-- (crates/server/src/sandbox/, docs/sandbox.md); `cargo xtask reset-sandbox` empties and
-- re-seeds them. Then what residents did: their lookups, the items each lookup showed
-- (what an order may contain: crate::payable), and their saved accounts.
--
-- Portable SQL only (SQLite and PostgreSQL through sqlx::any): TEXT, BIGINT, no foreign
-- keys to the catalog (it is replaced at every start). Times are RFC 3339 +08:00 text,
-- dates YYYY-MM-DD, money BIGINT 分.

CREATE TABLE vehicles (
    city_code TEXT NOT NULL,                 -- GB/T 2260 code of the city whose records these are
    plate TEXT NOT NULL,                     -- 号牌号码, normalised (沪A10001)
    plate_type TEXT NOT NULL,                -- GA 24.7 号牌种类代码 (02 小型汽车)
    engine_tail TEXT NOT NULL,               -- last six characters of the 发动机号
    vin_tail TEXT NOT NULL,                  -- last six characters of the 车辆识别代号 (VIN)
    CONSTRAINT vehicles_key PRIMARY KEY (city_code, plate, plate_type)
);

CREATE TABLE violations (
    id TEXT PRIMARY KEY,                     -- stable id, the order item id (traffic_fine)
    city_code TEXT NOT NULL,
    plate TEXT NOT NULL,
    plate_type TEXT NOT NULL,
    occurred_at TEXT NOT NULL,               -- 2026-10-12T08:31:00+08:00
    place_zh TEXT NOT NULL,
    place_en TEXT NOT NULL,
    description_zh TEXT NOT NULL,
    description_en TEXT NOT NULL,
    fine_fen BIGINT NOT NULL,
    points BIGINT NOT NULL,                  -- 记分
    payable BIGINT NOT NULL,                 -- 1: may be paid online; 0: see the reason
    not_payable_reason_zh TEXT,              -- 需到窗口处理 …, NULL when payable
    not_payable_reason_en TEXT,
    paid_order_id TEXT,                      -- the order that paid it; set once, never twice
    paid_at TEXT
);

CREATE INDEX violations_vehicle ON violations (city_code, plate, plate_type);

CREATE TABLE utility_accounts (
    id TEXT PRIMARY KEY,
    city_code TEXT NOT NULL,
    service_id TEXT NOT NULL,                -- water-bill, electricity-bill, gas-bill
    utility TEXT NOT NULL,                   -- water | electricity | gas
    provider_id TEXT NOT NULL,               -- the catalog's provider id
    account_no TEXT NOT NULL,                -- 户号, normalised digits
    holder_masked TEXT NOT NULL,             -- 王*
    address_masked TEXT NOT NULL,            -- 上海市**路***号
    CONSTRAINT utility_accounts_key UNIQUE (city_code, service_id, provider_id, account_no)
);

CREATE TABLE bills (
    id TEXT PRIMARY KEY,                     -- stable id, the order item id (utility_bill)
    account_id TEXT NOT NULL,                -- utility_accounts.id
    period TEXT NOT NULL,                    -- 账期 YYYY-MM
    amount_fen BIGINT NOT NULL,              -- the bill without late fee
    late_fee_permille_per_day BIGINT NOT NULL, -- 违约金: ‰ of amount_fen per day past due_date, 0 = none
    due_date TEXT NOT NULL,                  -- YYYY-MM-DD, last day to pay without late fee
    paid_order_id TEXT,                      -- the order that paid it; set once, never twice
    paid_at TEXT
);

CREATE INDEX bills_account ON bills (account_id);

CREATE TABLE lookups (
    id TEXT PRIMARY KEY,                     -- random, 32 hex digits
    session_id_hash TEXT NOT NULL,           -- crate::sessions::SessionKey: the owner
    kind TEXT NOT NULL,                      -- traffic | bill
    city_code TEXT NOT NULL,
    service_id TEXT NOT NULL,
    subject TEXT NOT NULL,                   -- traffic: plate|plate_type; bill: provider_id|account_no
    created_at TEXT NOT NULL
);

CREATE INDEX lookups_session ON lookups (session_id_hash);

CREATE TABLE lookup_items (
    lookup_id TEXT NOT NULL,                 -- lookups.id
    item_kind TEXT NOT NULL,                 -- traffic_fine | utility_bill
    item_id TEXT NOT NULL,                   -- violations.id | bills.id
    position BIGINT NOT NULL,                -- order shown
    CONSTRAINT lookup_items_key PRIMARY KEY (lookup_id, item_kind, item_id)
);

CREATE INDEX lookup_items_item ON lookup_items (item_kind, item_id);

CREATE TABLE saved_accounts (
    id TEXT PRIMARY KEY,                     -- random, 32 hex digits
    session_id_hash TEXT NOT NULL,           -- the owner
    city_code TEXT NOT NULL,
    service_id TEXT NOT NULL,
    utility TEXT NOT NULL,
    provider_id TEXT NOT NULL,
    account_no TEXT NOT NULL,
    label TEXT NOT NULL,                     -- 家里, 父母家: 1-20 characters
    created_at TEXT NOT NULL,
    CONSTRAINT saved_accounts_once UNIQUE (session_id_hash, provider_id, account_no)
);
