-- Catalog management through the site: a version on every catalog row, so that a form saved
-- after someone else's change is refused rather than overwriting it; the change log in Django
-- admin's LogEntry shape; and case-insensitive author names for the author field of the book form.

-- +goose Up
ALTER TABLE catalog_author ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE catalog_genre ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE catalog_language ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE catalog_book ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE catalog_bookinstance ADD COLUMN version integer NOT NULL DEFAULT 1;

-- casefold() is lower() here, inlined by the planner, so this index serves casefold(last_name).
CREATE INDEX catalog_author_name_ci ON catalog_author (lower(last_name), lower(first_name));

-- django.contrib.admin's LogEntry, with the content type as its "app_label.model" text. A user's
-- entries outlive the account (the user becomes NULL) so that the history stays complete.
CREATE TABLE django_admin_log (
    id             bigserial PRIMARY KEY,
    action_time    timestamptz NOT NULL,
    user_id        bigint NULL REFERENCES auth_user (id) ON DELETE SET NULL,
    content_type   varchar(100) NOT NULL,
    object_id      text NOT NULL,
    object_repr    varchar(200) NOT NULL,
    action_flag    smallint NOT NULL CHECK (action_flag IN (1, 2, 3)),
    change_message text NOT NULL DEFAULT ''
);
CREATE INDEX django_admin_log_object ON django_admin_log (content_type, object_id, action_time DESC, id DESC);
CREATE INDEX django_admin_log_time ON django_admin_log (action_time DESC, id DESC);
CREATE INDEX django_admin_log_user ON django_admin_log (user_id, action_time DESC);

-- +goose Down
DROP TABLE django_admin_log;
DROP INDEX catalog_author_name_ci;
ALTER TABLE catalog_bookinstance DROP COLUMN version;
ALTER TABLE catalog_book DROP COLUMN version;
ALTER TABLE catalog_language DROP COLUMN version;
ALTER TABLE catalog_genre DROP COLUMN version;
ALTER TABLE catalog_author DROP COLUMN version;
