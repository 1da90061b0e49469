-- Session storage, exactly as github.com/gofiber/storage/sqlite3/v2 creates it (k, v, e).

-- +goose Up
CREATE TABLE sessions (
    k VARCHAR(64) PRIMARY KEY NOT NULL DEFAULT '',
    v BLOB NOT NULL,
    e BIGINT NOT NULL DEFAULT '0'
);
-- Named "e" as the storage names it, so its CREATE INDEX IF NOT EXISTS finds it.
CREATE INDEX e ON sessions (e);

-- +goose Down
DROP TABLE sessions;
