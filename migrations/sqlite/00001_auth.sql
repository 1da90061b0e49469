-- Users, groups and permissions, laid out like django.contrib.auth.

-- +goose Up
-- casefold(), used to compare names ignoring case, is registered by the application on every
-- connection (SQLite's own lower() only folds ASCII letters).
CREATE TABLE auth_user (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    password     varchar(255) NOT NULL,
    last_login   datetime NULL,
    is_superuser boolean NOT NULL DEFAULT 0,
    username     varchar(150) NOT NULL CHECK (username <> ''),
    first_name   varchar(150) NOT NULL DEFAULT '',
    last_name    varchar(150) NOT NULL DEFAULT '',
    email        varchar(254) NOT NULL DEFAULT '',
    is_staff     boolean NOT NULL DEFAULT 0,
    is_active    boolean NOT NULL DEFAULT 1,
    date_joined  datetime NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX auth_user_username_ci ON auth_user (casefold(username));
CREATE INDEX auth_user_email_ci ON auth_user (casefold(email));

CREATE TABLE auth_group (
    id   INTEGER PRIMARY KEY AUTOINCREMENT,
    name varchar(150) NOT NULL UNIQUE CHECK (name <> '')
);

CREATE TABLE auth_permission (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    name      varchar(255) NOT NULL,
    app_label varchar(100) NOT NULL,
    codename  varchar(100) NOT NULL,
    UNIQUE (app_label, codename)
);

CREATE TABLE auth_user_groups (
    user_id  INTEGER NOT NULL REFERENCES auth_user (id) ON DELETE CASCADE,
    group_id INTEGER NOT NULL REFERENCES auth_group (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, group_id)
);
CREATE INDEX auth_user_groups_group ON auth_user_groups (group_id);

CREATE TABLE auth_group_permissions (
    group_id      INTEGER NOT NULL REFERENCES auth_group (id) ON DELETE CASCADE,
    permission_id INTEGER NOT NULL REFERENCES auth_permission (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, permission_id)
);

CREATE TABLE auth_user_user_permissions (
    user_id       INTEGER NOT NULL REFERENCES auth_user (id) ON DELETE CASCADE,
    permission_id INTEGER NOT NULL REFERENCES auth_permission (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, permission_id)
);

-- +goose Down
DROP TABLE auth_user_user_permissions;
DROP TABLE auth_group_permissions;
DROP TABLE auth_user_groups;
DROP TABLE auth_permission;
DROP TABLE auth_group;
DROP TABLE auth_user;
