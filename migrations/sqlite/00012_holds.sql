-- Circulation: holds (a queue per book), the notices sent to members, and the loan figures of
-- the statistics page (see the PostgreSQL migration of the same number). SQLite's triggers run
-- per row; its months are read off the stored UTC times.

-- +goose Up
CREATE TABLE catalog_hold (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    book_id         INTEGER NOT NULL REFERENCES catalog_book (id) ON DELETE CASCADE,
    member_id       INTEGER NOT NULL REFERENCES auth_user (id) ON DELETE CASCADE,
    status          varchar(1) NOT NULL DEFAULT 'w' CHECK (status IN ('w', 'r', 'f', 'c', 'x')),
    bookinstance_id char(36) NULL REFERENCES catalog_bookinstance (id) ON DELETE SET NULL,
    placed_at       datetime NOT NULL,
    ready_at        datetime NULL,
    pickup_until    date NULL,
    closed_at       datetime NULL,
    CHECK (status <> 'r' OR (bookinstance_id IS NOT NULL AND pickup_until IS NOT NULL))
);
CREATE UNIQUE INDEX catalog_hold_one_active ON catalog_hold (book_id, member_id) WHERE status IN ('w', 'r');
CREATE UNIQUE INDEX catalog_hold_one_per_copy ON catalog_hold (bookinstance_id) WHERE status = 'r';
CREATE INDEX catalog_hold_queue ON catalog_hold (book_id, id) WHERE status = 'w';
CREATE INDEX catalog_hold_member ON catalog_hold (member_id, id) WHERE status IN ('w', 'r');
CREATE INDEX catalog_hold_active ON catalog_hold (id) WHERE status IN ('w', 'r');
CREATE INDEX catalog_hold_status ON catalog_hold (status, id);
CREATE INDEX catalog_hold_pickup ON catalog_hold (pickup_until) WHERE status = 'r';
CREATE INDEX catalog_hold_ready_at ON catalog_hold (ready_at) WHERE ready_at IS NOT NULL;

-- A reserved copy lent to its member fulfils the hold; any other change sends it back to the queue.
-- +goose StatementBegin
CREATE TRIGGER catalog_hold_copy_moved AFTER UPDATE OF status, borrower_id ON catalog_bookinstance
    WHEN OLD.status = 'r' AND NEW.status <> 'r' BEGIN
    UPDATE catalog_hold SET status = 'f', closed_at = strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')
        WHERE bookinstance_id = OLD.id AND status = 'r' AND NEW.status = 'o' AND member_id = NEW.borrower_id;
    UPDATE catalog_hold SET status = 'w', bookinstance_id = NULL, ready_at = NULL, pickup_until = NULL
        WHERE bookinstance_id = OLD.id AND status = 'r';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER catalog_hold_copy_deleted BEFORE DELETE ON catalog_bookinstance
    WHEN OLD.status = 'r' BEGIN
    UPDATE catalog_hold SET status = 'w', bookinstance_id = NULL, ready_at = NULL, pickup_until = NULL
        WHERE bookinstance_id = OLD.id AND status = 'r';
END;
-- +goose StatementEnd

CREATE TABLE catalog_notice (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    kind     varchar(20) NOT NULL,
    user_id  INTEGER NULL REFERENCES auth_user (id) ON DELETE SET NULL,
    loan_id  INTEGER NULL REFERENCES catalog_loan (id) ON DELETE CASCADE,
    hold_id  INTEGER NULL REFERENCES catalog_hold (id) ON DELETE CASCADE,
    due_back date NULL,
    email    varchar(254) NOT NULL,
    sent_at  datetime NOT NULL
);
CREATE UNIQUE INDEX catalog_notice_loan ON catalog_notice (kind, loan_id, due_back) WHERE loan_id IS NOT NULL;
CREATE UNIQUE INDEX catalog_notice_hold ON catalog_notice (kind, hold_id, due_back) WHERE hold_id IS NOT NULL;
CREATE INDEX catalog_notice_sent_at ON catalog_notice (sent_at);

ALTER TABLE catalog_loan ADD COLUMN book_id INTEGER NULL REFERENCES catalog_book (id) ON DELETE SET NULL;
UPDATE catalog_loan SET book_id = (SELECT book_id FROM catalog_bookinstance bi WHERE bi.id = catalog_loan.bookinstance_id);
CREATE INDEX catalog_loan_book ON catalog_loan (book_id);
CREATE INDEX catalog_loan_due ON catalog_loan (due_back) WHERE returned_at IS NULL;

-- +goose StatementBegin
-- A loan inserted without its book gets it from its copy; the update trigger then counts it.
CREATE TRIGGER catalog_loan_insert AFTER INSERT ON catalog_loan BEGIN
    UPDATE catalog_loan SET book_id = (SELECT book_id FROM catalog_bookinstance WHERE id = NEW.bookinstance_id)
        WHERE id = NEW.id AND NEW.book_id IS NULL;
    INSERT INTO catalog_counter (name, parent_id, value)
        SELECT 'loan:month', CAST(strftime('%Y%m', NEW.lent_at) AS INTEGER), 1
        UNION ALL SELECT 'loan:book', NEW.book_id, 1 WHERE NEW.book_id IS NOT NULL
        UNION ALL SELECT 'loan:due', CAST(julianday(NEW.due_back) - 2440587.5 AS INTEGER), 1 WHERE NEW.returned_at IS NULL
        ON CONFLICT (name, parent_id) DO UPDATE SET value = value + excluded.value;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER catalog_loan_update AFTER UPDATE OF lent_at, book_id, due_back, returned_at ON catalog_loan
    WHEN OLD.lent_at IS NOT NEW.lent_at OR OLD.book_id IS NOT NEW.book_id OR OLD.due_back IS NOT NEW.due_back
        OR OLD.returned_at IS NOT NEW.returned_at BEGIN
    INSERT INTO catalog_counter (name, parent_id, value)
        SELECT 'loan:month', CAST(strftime('%Y%m', OLD.lent_at) AS INTEGER), -1
        UNION ALL SELECT 'loan:book', OLD.book_id, -1 WHERE OLD.book_id IS NOT NULL
        UNION ALL SELECT 'loan:month', CAST(strftime('%Y%m', NEW.lent_at) AS INTEGER), 1
        UNION ALL SELECT 'loan:book', NEW.book_id, 1 WHERE NEW.book_id IS NOT NULL
        UNION ALL SELECT 'loan:due', CAST(julianday(OLD.due_back) - 2440587.5 AS INTEGER), -1 WHERE OLD.returned_at IS NULL
        UNION ALL SELECT 'loan:due', CAST(julianday(NEW.due_back) - 2440587.5 AS INTEGER), 1 WHERE NEW.returned_at IS NULL
        ON CONFLICT (name, parent_id) DO UPDATE SET value = value + excluded.value;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER catalog_loan_delete AFTER DELETE ON catalog_loan BEGIN
    INSERT INTO catalog_counter (name, parent_id, value)
        SELECT 'loan:month', CAST(strftime('%Y%m', OLD.lent_at) AS INTEGER), -1
        UNION ALL SELECT 'loan:book', OLD.book_id, -1 WHERE OLD.book_id IS NOT NULL
        UNION ALL SELECT 'loan:due', CAST(julianday(OLD.due_back) - 2440587.5 AS INTEGER), -1 WHERE OLD.returned_at IS NULL
        ON CONFLICT (name, parent_id) DO UPDATE SET value = value + excluded.value;
END;
-- +goose StatementEnd
INSERT INTO catalog_counter (name, parent_id, value)
    SELECT 'loan:month', CAST(strftime('%Y%m', lent_at) AS INTEGER), count(*) FROM catalog_loan GROUP BY 2
    UNION ALL SELECT 'loan:book', book_id, count(*) FROM catalog_loan WHERE book_id IS NOT NULL GROUP BY book_id
    UNION ALL SELECT 'loan:due', CAST(julianday(due_back) - 2440587.5 AS INTEGER), count(*) FROM catalog_loan WHERE returned_at IS NULL GROUP BY due_back;
-- The most borrowed books, read off their counters.
CREATE INDEX catalog_counter_loans ON catalog_counter (value DESC, parent_id) WHERE name = 'loan:book';

INSERT INTO auth_permission (name, app_label, codename) VALUES
    ('Can add hold', 'catalog', 'add_hold'),
    ('Can change hold', 'catalog', 'change_hold'),
    ('Can delete hold', 'catalog', 'delete_hold'),
    ('Can view hold', 'catalog', 'view_hold');
INSERT INTO auth_group_permissions (group_id, permission_id)
    SELECT g.id, p.id FROM auth_group g, auth_permission p
    WHERE g.name = 'Librarians' AND p.app_label = 'catalog' AND p.codename IN ('view_hold', 'change_hold')
    ON CONFLICT DO NOTHING;

-- +goose Down
DELETE FROM auth_group_permissions WHERE permission_id IN (SELECT id FROM auth_permission
    WHERE app_label = 'catalog' AND codename IN ('add_hold', 'change_hold', 'delete_hold', 'view_hold'));
DELETE FROM auth_user_user_permissions WHERE permission_id IN (SELECT id FROM auth_permission
    WHERE app_label = 'catalog' AND codename IN ('add_hold', 'change_hold', 'delete_hold', 'view_hold'));
DELETE FROM auth_permission WHERE app_label = 'catalog' AND codename IN ('add_hold', 'change_hold', 'delete_hold', 'view_hold');
DROP INDEX catalog_counter_loans;
DELETE FROM catalog_counter WHERE name IN ('loan:month', 'loan:book', 'loan:due');
DROP TRIGGER catalog_loan_delete;
DROP TRIGGER catalog_loan_update;
DROP TRIGGER catalog_loan_insert;
DROP INDEX catalog_loan_due;
DROP INDEX catalog_loan_book;
ALTER TABLE catalog_loan DROP COLUMN book_id;
DROP TABLE catalog_notice;
DROP TRIGGER catalog_hold_copy_deleted;
DROP TRIGGER catalog_hold_copy_moved;
DROP TABLE catalog_hold;
