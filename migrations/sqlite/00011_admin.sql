-- The admin site: librarians create and edit member accounts (Django's auth.view_user,
-- auth.add_user and auth.change_user; the pages keep them off staff accounts, flags and groups),
-- and a books CSV uploaded for import waits here between its preview and its commit, so that
-- any instance of the site can finish it. Uploads are their owner's only and expire.

-- +goose Up
INSERT OR IGNORE INTO auth_group_permissions (group_id, permission_id)
    SELECT g.id, p.id FROM auth_group g, auth_permission p
    WHERE g.name = 'Librarians' AND p.app_label = 'auth' AND p.codename IN ('view_user', 'add_user', 'change_user');

CREATE TABLE admin_upload (
    id         char(36) PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES auth_user (id) ON DELETE CASCADE,
    kind       varchar(20) NOT NULL,
    filename   varchar(255) NOT NULL,
    data       BLOB NOT NULL,
    created_at datetime NOT NULL,
    expires_at datetime NOT NULL
);
CREATE INDEX admin_upload_expires ON admin_upload (expires_at);
CREATE INDEX admin_upload_user ON admin_upload (user_id);

-- +goose Down
DROP TABLE admin_upload;
DELETE FROM auth_group_permissions
    WHERE group_id IN (SELECT id FROM auth_group WHERE name = 'Librarians')
      AND permission_id IN (SELECT id FROM auth_permission
                            WHERE app_label = 'auth' AND codename IN ('view_user', 'add_user', 'change_user'));
