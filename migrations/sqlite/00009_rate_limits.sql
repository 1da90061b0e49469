-- Counts of the site-wide rate limit when RATE_LIMIT_STORAGE=database: the columns
-- github.com/gofiber/storage/sqlite3/v2 expects (k, v, e). The storage's own index is named
-- "e", a name the sessions table already took in this database, so this one has its own.

-- +goose Up
CREATE TABLE rate_limits (
    k VARCHAR(64) PRIMARY KEY NOT NULL DEFAULT '',
    v BLOB NOT NULL,
    e BIGINT NOT NULL DEFAULT '0'
);
CREATE INDEX rate_limits_e ON rate_limits (e);

-- +goose Down
DROP TABLE rate_limits;
