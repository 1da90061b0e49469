-- Counts of the site-wide rate limit when RATE_LIMIT_STORAGE=database, shared by every
-- instance: the columns github.com/gofiber/storage/postgres/v3 expects (k, v, e). UNLOGGED:
-- the counts live a minute and need neither the WAL nor a replica.

-- +goose Up
CREATE UNLOGGED TABLE rate_limits (
    k varchar(64) PRIMARY KEY NOT NULL DEFAULT '',
    v bytea NOT NULL,
    e bigint NOT NULL DEFAULT '0'
);
CREATE INDEX rate_limits_e ON rate_limits (e);

-- +goose Down
DROP TABLE rate_limits;
