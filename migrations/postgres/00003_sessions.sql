-- Session storage, exactly as github.com/gofiber/storage/postgres/v3 expects it (k, v, e).

-- +goose Up
CREATE TABLE sessions (
    k varchar(64) PRIMARY KEY NOT NULL DEFAULT '',
    v bytea NOT NULL,
    e bigint NOT NULL DEFAULT '0'
);
CREATE INDEX sessions_e ON sessions (e);

-- +goose Down
DROP TABLE sessions;
