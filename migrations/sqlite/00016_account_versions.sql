-- A version on accounts and groups, as on catalog rows since 00007: an admin's form saved after
-- someone else changed the account or group (its flags, groups or permissions) is refused
-- rather than silently undoing that change.

-- +goose Up
ALTER TABLE auth_user ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE auth_group ADD COLUMN version integer NOT NULL DEFAULT 1;

-- +goose Down
ALTER TABLE auth_group DROP COLUMN version;
ALTER TABLE auth_user DROP COLUMN version;
