-- Users, groups and permissions, laid out like django.contrib.auth.

-- +goose Up
-- casefold is how names compare ignoring case; SQLite gets a Unicode-aware one from the
-- application. Here it is lower(), which the planner inlines, so the lower() indexes serve it.
CREATE FUNCTION casefold(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT lower($1) $$;

CREATE TABLE auth_user (
    id           bigserial PRIMARY KEY,
    password     varchar(255) NOT NULL,
    last_login   timestamptz NULL,
    is_superuser boolean NOT NULL DEFAULT false,
    username     varchar(150) NOT NULL CHECK (username <> ''),
    first_name   varchar(150) NOT NULL DEFAULT '',
    last_name    varchar(150) NOT NULL DEFAULT '',
    email        varchar(254) NOT NULL DEFAULT '',
    is_staff     boolean NOT NULL DEFAULT false,
    is_active    boolean NOT NULL DEFAULT true,
    date_joined  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX auth_user_username_ci ON auth_user (lower(username));
CREATE INDEX auth_user_email_ci ON auth_user (lower(email));

CREATE TABLE auth_group (
    id   bigserial PRIMARY KEY,
    name varchar(150) NOT NULL UNIQUE CHECK (name <> '')
);

CREATE TABLE auth_permission (
    id        bigserial PRIMARY KEY,
    name      varchar(255) NOT NULL,
    app_label varchar(100) NOT NULL,
    codename  varchar(100) NOT NULL,
    UNIQUE (app_label, codename)
);

CREATE TABLE auth_user_groups (
    user_id  bigint NOT NULL REFERENCES auth_user (id) ON DELETE CASCADE,
    group_id bigint NOT NULL REFERENCES auth_group (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, group_id)
);
CREATE INDEX auth_user_groups_group ON auth_user_groups (group_id);

CREATE TABLE auth_group_permissions (
    group_id      bigint NOT NULL REFERENCES auth_group (id) ON DELETE CASCADE,
    permission_id bigint NOT NULL REFERENCES auth_permission (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, permission_id)
);

CREATE TABLE auth_user_user_permissions (
    user_id       bigint NOT NULL REFERENCES auth_user (id) ON DELETE CASCADE,
    permission_id bigint NOT NULL REFERENCES auth_permission (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, permission_id)
);

-- +goose Down
DROP TABLE auth_user_user_permissions;
DROP TABLE auth_group_permissions;
DROP TABLE auth_user_groups;
DROP TABLE auth_permission;
DROP TABLE auth_group;
DROP TABLE auth_user;
DROP FUNCTION casefold(text);
