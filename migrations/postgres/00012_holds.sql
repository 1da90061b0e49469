-- Circulation: holds (a queue per book), the notices sent to members, and the loan figures of
-- the statistics page.
--
-- * catalog_hold: a member's hold on a book. Waiting holds ('w') queue in id order, so a
--   member's position is derived (the waiting holds of the book before theirs, plus one) and can
--   never be duplicated or skipped. A ready hold ('r') has a copy set aside (status Reserved)
--   until pickup_until; it ends fulfilled ('f'), cancelled ('c') or expired ('x').
-- * A reserved copy's hold follows the copy, whoever changes it: lent to its member, the hold is
--   fulfilled; lent to anyone else, made anything but Reserved, or deleted, the hold waits again
--   at its old place.
-- * catalog_notice: one row per notice sent, unique per notice, so sending is idempotent. A
--   loan notice is keyed by its due date too (a renewed loan gets its notices again), a hold's
--   by its pickup date, in due_back (a hold set aside again is told again).
-- * A loan carries its book (the book lent, even if the copy is later moved), and the counters
--   gain loans per month ('loan:month', parent yyyymm in UTC), per book ('loan:book') and the
--   open loans per due date ('loan:due', parent the date as days since 1970-01-01): the overdue
--   loans are the sum of the counters of the dates before today, whatever their number.

-- +goose Up
CREATE TABLE catalog_hold (
    id              bigserial PRIMARY KEY,
    book_id         bigint NOT NULL REFERENCES catalog_book (id) ON DELETE CASCADE,
    member_id       bigint NOT NULL REFERENCES auth_user (id) ON DELETE CASCADE,
    status          varchar(1) NOT NULL DEFAULT 'w' CHECK (status IN ('w', 'r', 'f', 'c', 'x')),
    bookinstance_id uuid NULL REFERENCES catalog_bookinstance (id) ON DELETE SET NULL,
    placed_at       timestamptz NOT NULL,
    ready_at        timestamptz NULL,
    pickup_until    date NULL,
    closed_at       timestamptz NULL,
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

-- +goose StatementBegin
CREATE FUNCTION catalog_hold_follow_copy() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.status = 'o' THEN
        UPDATE catalog_hold SET status = 'f', closed_at = now()
            WHERE bookinstance_id = OLD.id AND status = 'r' AND member_id = NEW.borrower_id;
    END IF;
    UPDATE catalog_hold SET status = 'w', bookinstance_id = NULL, ready_at = NULL, pickup_until = NULL
        WHERE bookinstance_id = OLD.id AND status = 'r';
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER catalog_hold_follow_copy AFTER UPDATE OF status ON catalog_bookinstance
    FOR EACH ROW WHEN (OLD.status = 'r' AND NEW.status <> 'r') EXECUTE FUNCTION catalog_hold_follow_copy();
CREATE TRIGGER catalog_hold_follow_copy_delete BEFORE DELETE ON catalog_bookinstance
    FOR EACH ROW WHEN (OLD.status = 'r') EXECUTE FUNCTION catalog_hold_follow_copy();

CREATE TABLE catalog_notice (
    id       bigserial PRIMARY KEY,
    kind     varchar(20) NOT NULL,
    user_id  bigint NULL REFERENCES auth_user (id) ON DELETE SET NULL,
    loan_id  bigint NULL REFERENCES catalog_loan (id) ON DELETE CASCADE,
    hold_id  bigint NULL REFERENCES catalog_hold (id) ON DELETE CASCADE,
    due_back date NULL,
    email    varchar(254) NOT NULL,
    sent_at  timestamptz NOT NULL
);
CREATE UNIQUE INDEX catalog_notice_loan ON catalog_notice (kind, loan_id, due_back) WHERE loan_id IS NOT NULL;
CREATE UNIQUE INDEX catalog_notice_hold ON catalog_notice (kind, hold_id, due_back) WHERE hold_id IS NOT NULL;
CREATE INDEX catalog_notice_sent_at ON catalog_notice (sent_at);

ALTER TABLE catalog_loan ADD COLUMN book_id bigint NULL REFERENCES catalog_book (id) ON DELETE SET NULL;
UPDATE catalog_loan l SET book_id = bi.book_id FROM catalog_bookinstance bi WHERE bi.id = l.bookinstance_id;
CREATE INDEX catalog_loan_book ON catalog_loan (book_id);
CREATE INDEX catalog_loan_due ON catalog_loan (due_back) WHERE returned_at IS NULL;

-- +goose StatementBegin
CREATE FUNCTION catalog_loan_book() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT book_id INTO NEW.book_id FROM catalog_bookinstance WHERE id = NEW.bookinstance_id;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER catalog_loan_book BEFORE INSERT ON catalog_loan
    FOR EACH ROW WHEN (NEW.book_id IS NULL) EXECUTE FUNCTION catalog_loan_book();

-- +goose StatementBegin
CREATE FUNCTION catalog_loan_month(lent_at timestamptz) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT (extract(year FROM lent_at AT TIME ZONE 'UTC') * 100 + extract(month FROM lent_at AT TIME ZONE 'UTC'))::bigint $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION catalog_loan_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    added catalog_delta[];
    removed catalog_delta[];
BEGIN
    IF TG_OP <> 'DELETE' THEN
        added := ARRAY(SELECT ('loan:month', catalog_loan_month(lent_at), count(*))::catalog_delta FROM new_rows GROUP BY catalog_loan_month(lent_at)
            UNION ALL SELECT ('loan:book', book_id, count(*))::catalog_delta FROM new_rows GROUP BY book_id
            UNION ALL SELECT ('loan:due', (due_back - DATE '1970-01-01'), count(*))::catalog_delta FROM new_rows WHERE returned_at IS NULL GROUP BY due_back);
    END IF;
    IF TG_OP <> 'INSERT' THEN
        removed := ARRAY(SELECT ('loan:month', catalog_loan_month(lent_at), count(*))::catalog_delta FROM old_rows GROUP BY catalog_loan_month(lent_at)
            UNION ALL SELECT ('loan:book', book_id, count(*))::catalog_delta FROM old_rows GROUP BY book_id
            UNION ALL SELECT ('loan:due', (due_back - DATE '1970-01-01'), count(*))::catalog_delta FROM old_rows WHERE returned_at IS NULL GROUP BY due_back);
    END IF;
    PERFORM catalog_count(added, removed);
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER catalog_loan_count_insert AFTER INSERT ON catalog_loan
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_loan_count();
CREATE TRIGGER catalog_loan_count_update AFTER UPDATE ON catalog_loan
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_loan_count();
CREATE TRIGGER catalog_loan_count_delete AFTER DELETE ON catalog_loan
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_loan_count();
CREATE TRIGGER catalog_loan_recount AFTER TRUNCATE ON catalog_loan FOR EACH STATEMENT EXECUTE FUNCTION catalog_recount_trigger();
-- The most borrowed books, read off their counters.
CREATE INDEX catalog_counter_loans ON catalog_counter (value DESC, parent_id) WHERE name = 'loan:book';

-- catalog_recount now counts the loans as well.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION catalog_recount() RETURNS void LANGUAGE sql AS $$
    DELETE FROM catalog_counter;
    INSERT INTO catalog_counter (name, parent_id, value)
              SELECT 'book', 0, count(*) FROM catalog_book
    UNION ALL SELECT 'author', 0, count(*) FROM catalog_author
    UNION ALL SELECT 'genre', 0, count(*) FROM catalog_genre
    UNION ALL SELECT 'language', 0, count(*) FROM catalog_language
    UNION ALL SELECT 'copy:' || s, 0, (SELECT count(*) FROM catalog_bookinstance WHERE status = s)
              FROM unnest(ARRAY['a', 'd', 'o', 'r']) s
    UNION ALL SELECT 'book:author', author_id, count(*) FROM catalog_book GROUP BY author_id
    UNION ALL SELECT 'book:language', language_id, count(*) FROM catalog_book WHERE language_id IS NOT NULL GROUP BY language_id
    UNION ALL SELECT 'book:genre', genre_id, count(*) FROM catalog_book_genre GROUP BY genre_id
    UNION ALL SELECT 'loan:month', catalog_loan_month(lent_at), count(*) FROM catalog_loan GROUP BY 2
    UNION ALL SELECT 'loan:book', book_id, count(*) FROM catalog_loan WHERE book_id IS NOT NULL GROUP BY book_id
    UNION ALL SELECT 'loan:due', (due_back - DATE '1970-01-01'), count(*) FROM catalog_loan WHERE returned_at IS NULL GROUP BY due_back;
$$;
-- +goose StatementEnd
INSERT INTO catalog_counter (name, parent_id, value)
          SELECT 'loan:month', catalog_loan_month(lent_at), count(*) FROM catalog_loan GROUP BY 2
UNION ALL SELECT 'loan:book', book_id, count(*) FROM catalog_loan WHERE book_id IS NOT NULL GROUP BY book_id
UNION ALL SELECT 'loan:due', (due_back - DATE '1970-01-01'), count(*) FROM catalog_loan WHERE returned_at IS NULL GROUP BY due_back;

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
DELETE FROM auth_permission WHERE app_label = 'catalog' AND codename IN ('add_hold', 'change_hold', 'delete_hold', 'view_hold');
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION catalog_recount() RETURNS void LANGUAGE sql AS $$
    DELETE FROM catalog_counter;
    INSERT INTO catalog_counter (name, parent_id, value)
              SELECT 'book', 0, count(*) FROM catalog_book
    UNION ALL SELECT 'author', 0, count(*) FROM catalog_author
    UNION ALL SELECT 'genre', 0, count(*) FROM catalog_genre
    UNION ALL SELECT 'language', 0, count(*) FROM catalog_language
    UNION ALL SELECT 'copy:' || s, 0, (SELECT count(*) FROM catalog_bookinstance WHERE status = s)
              FROM unnest(ARRAY['a', 'd', 'o', 'r']) s
    UNION ALL SELECT 'book:author', author_id, count(*) FROM catalog_book GROUP BY author_id
    UNION ALL SELECT 'book:language', language_id, count(*) FROM catalog_book WHERE language_id IS NOT NULL GROUP BY language_id
    UNION ALL SELECT 'book:genre', genre_id, count(*) FROM catalog_book_genre GROUP BY genre_id;
$$;
-- +goose StatementEnd
DROP INDEX catalog_counter_loans;
DELETE FROM catalog_counter WHERE name IN ('loan:month', 'loan:book', 'loan:due');
DROP TRIGGER catalog_loan_recount ON catalog_loan;
DROP TRIGGER catalog_loan_count_delete ON catalog_loan;
DROP TRIGGER catalog_loan_count_update ON catalog_loan;
DROP TRIGGER catalog_loan_count_insert ON catalog_loan;
DROP FUNCTION catalog_loan_count();
DROP FUNCTION catalog_loan_month(timestamptz);
DROP TRIGGER catalog_loan_book ON catalog_loan;
DROP FUNCTION catalog_loan_book();
DROP INDEX catalog_loan_due;
ALTER TABLE catalog_loan DROP COLUMN book_id;
DROP TABLE catalog_notice;
DROP TRIGGER catalog_hold_follow_copy_delete ON catalog_bookinstance;
DROP TRIGGER catalog_hold_follow_copy ON catalog_bookinstance;
DROP FUNCTION catalog_hold_follow_copy();
DROP TABLE catalog_hold;
