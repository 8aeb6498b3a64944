-- The service catalog, replaced as a whole at every start from CATALOG_DIR
-- (crates/server/src/db.rs, replace_catalog). The API reads it from here.
--
-- Portable SQL only: this file runs unchanged on SQLite and PostgreSQL through sqlx::any.
-- Integers are BIGINT (i64 on both), booleans are BIGINT 0/1, JSON is TEXT.

-- Every city of the picker (catalog/cities.json), in list order (pinyin order).
CREATE TABLE cities (
    code TEXT NOT NULL PRIMARY KEY,           -- GB/T 2260 division code, 6 digits
    position BIGINT NOT NULL,                 -- 0-based index in cities.json
    name TEXT NOT NULL,                       -- 上海市
    province TEXT NOT NULL,                   -- 上海市, 四川省
    pinyin TEXT NOT NULL,                     -- toneless syllables joined by one space
    launch_order BIGINT,                      -- launch batch position (1-based), from the catalog file
    joined BIGINT NOT NULL CHECK (joined IN (0, 1))  -- 1 when the city has a catalog file
);

-- The services of joined cities (catalog/cities/<code>.json), in file order.
CREATE TABLE services (
    city_code TEXT NOT NULL REFERENCES cities (code),
    id TEXT NOT NULL,                         -- stable slug used in URLs
    position BIGINT NOT NULL,                 -- 0-based index in the catalog file
    category TEXT NOT NULL,                   -- citizen_core::catalog::Category, snake_case
    service_json TEXT NOT NULL,               -- citizen_core::catalog::Service as JSON
    PRIMARY KEY (city_code, id)
);

-- One row (id = 1): where the loaded city list comes from.
CREATE TABLE catalog_meta (
    id BIGINT NOT NULL PRIMARY KEY CHECK (id = 1),
    source TEXT NOT NULL                      -- cities.json "source"
);
