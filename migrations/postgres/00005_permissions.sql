-- Django's permissions for the catalog and accounts, the Librarians group holding every catalog
-- permission, and the record of failed logins used to throttle password guessing.

-- +goose Up
INSERT INTO auth_permission (name, app_label, codename) VALUES
    ('Can add author', 'catalog', 'add_author'),
    ('Can change author', 'catalog', 'change_author'),
    ('Can delete author', 'catalog', 'delete_author'),
    ('Can view author', 'catalog', 'view_author'),
    ('Can add book', 'catalog', 'add_book'),
    ('Can change book', 'catalog', 'change_book'),
    ('Can delete book', 'catalog', 'delete_book'),
    ('Can view book', 'catalog', 'view_book'),
    ('Can add book instance', 'catalog', 'add_bookinstance'),
    ('Can change book instance', 'catalog', 'change_bookinstance'),
    ('Can delete book instance', 'catalog', 'delete_bookinstance'),
    ('Can view book instance', 'catalog', 'view_bookinstance'),
    ('Can add genre', 'catalog', 'add_genre'),
    ('Can change genre', 'catalog', 'change_genre'),
    ('Can delete genre', 'catalog', 'delete_genre'),
    ('Can view genre', 'catalog', 'view_genre'),
    ('Can add language', 'catalog', 'add_language'),
    ('Can change language', 'catalog', 'change_language'),
    ('Can delete language', 'catalog', 'delete_language'),
    ('Can view language', 'catalog', 'view_language'),
    ('Set book as returned', 'catalog', 'can_mark_returned'),
    ('Can add user', 'auth', 'add_user'),
    ('Can change user', 'auth', 'change_user'),
    ('Can delete user', 'auth', 'delete_user'),
    ('Can view user', 'auth', 'view_user'),
    ('Can add group', 'auth', 'add_group'),
    ('Can change group', 'auth', 'change_group'),
    ('Can delete group', 'auth', 'delete_group'),
    ('Can view group', 'auth', 'view_group'),
    ('Can add permission', 'auth', 'add_permission'),
    ('Can change permission', 'auth', 'change_permission'),
    ('Can delete permission', 'auth', 'delete_permission'),
    ('Can view permission', 'auth', 'view_permission');

INSERT INTO auth_group (name) VALUES ('Librarians');
INSERT INTO auth_group_permissions (group_id, permission_id)
    SELECT g.id, p.id FROM auth_group g, auth_permission p
    WHERE g.name = 'Librarians' AND p.app_label = 'catalog';

CREATE TABLE auth_login_failure (
    id       bigserial PRIMARY KEY,
    username varchar(150) NOT NULL,
    address  varchar(64) NOT NULL,
    at       timestamptz NOT NULL
);
CREATE INDEX auth_login_failure_pair ON auth_login_failure (username, address, at);
CREATE INDEX auth_login_failure_address ON auth_login_failure (address, at);
CREATE INDEX auth_login_failure_at ON auth_login_failure (at);

-- +goose Down
DROP TABLE auth_login_failure;
DELETE FROM auth_group WHERE name = 'Librarians';
DELETE FROM auth_permission WHERE app_label IN ('catalog', 'auth');
