-- What lets the admin's change lists cost the same on a small and a very large catalog:
--
-- * The counters gain the accounts ('user'), the groups ('group') and the holds ('hold'), kept by
--   row triggers as the catalog's are, so that the dashboard and the unfiltered lists read
--   their totals from catalog_counter.
-- * Each column an admin list sorts by on its own table has an index on that column and the id,
--   so that its pages, either way, are read by seeking in the index. Nullable dates sort through
--   coalesce with the sentinel date, as the copies' due dates do: empty last going up, first
--   going down (as PostgreSQL sorts NULLs). A book's author sorts by the names the book carries.
--   SQLite orders the books by ISBN through the ISBN's unique index: unique ISBNs need no id.
-- * The copies filtered by status are read in due-date order through an index on the status,
--   which serves the copies on loan (all-borrowed) as the partial index it replaces did.

-- +goose Up
-- +goose StatementBegin
CREATE TRIGGER auth_user_count_insert AFTER INSERT ON auth_user BEGIN
    INSERT INTO catalog_counter (name, parent_id, value) VALUES ('user', 0, 1)
        ON CONFLICT (name, parent_id) DO UPDATE SET value = value + excluded.value;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER auth_user_count_delete AFTER DELETE ON auth_user BEGIN
    INSERT INTO catalog_counter (name, parent_id, value) VALUES ('user', 0, -1)
        ON CONFLICT (name, parent_id) DO UPDATE SET value = value + excluded.value;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER auth_group_count_insert AFTER INSERT ON auth_group BEGIN
    INSERT INTO catalog_counter (name, parent_id, value) VALUES ('group', 0, 1)
        ON CONFLICT (name, parent_id) DO UPDATE SET value = value + excluded.value;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER auth_group_count_delete AFTER DELETE ON auth_group BEGIN
    INSERT INTO catalog_counter (name, parent_id, value) VALUES ('group', 0, -1)
        ON CONFLICT (name, parent_id) DO UPDATE SET value = value + excluded.value;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER catalog_hold_total_insert AFTER INSERT ON catalog_hold BEGIN
    INSERT INTO catalog_counter (name, parent_id, value) VALUES ('hold', 0, 1)
        ON CONFLICT (name, parent_id) DO UPDATE SET value = value + excluded.value;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER catalog_hold_total_delete AFTER DELETE ON catalog_hold BEGIN
    INSERT INTO catalog_counter (name, parent_id, value) VALUES ('hold', 0, -1)
        ON CONFLICT (name, parent_id) DO UPDATE SET value = value + excluded.value;
END;
-- +goose StatementEnd
INSERT INTO catalog_counter (name, parent_id, value)
          SELECT 'user', 0, count(*) FROM auth_user
UNION ALL SELECT 'group', 0, count(*) FROM auth_group
UNION ALL SELECT 'hold', 0, count(*) FROM catalog_hold;

CREATE INDEX catalog_book_author_names ON catalog_book (author_last_name, author_first_name, id);
CREATE INDEX catalog_author_born ON catalog_author (coalesce(date_of_birth, '9999-12-31'), id);
CREATE INDEX catalog_author_died ON catalog_author (coalesce(date_of_death, '9999-12-31'), id);
CREATE INDEX catalog_bookinstance_status_ordering ON catalog_bookinstance (status, coalesce(due_back, '9999-12-31'), id);
DROP INDEX catalog_bookinstance_on_loan;
CREATE INDEX catalog_hold_placed ON catalog_hold (placed_at, id);
CREATE INDEX catalog_hold_pickup_ordering ON catalog_hold (coalesce(pickup_until, '9999-12-31'), id);
CREATE INDEX auth_user_ordering ON auth_user (username, id);
CREATE INDEX auth_user_email_ordering ON auth_user (email, id);
CREATE INDEX auth_user_first_name_ordering ON auth_user (first_name, id);
CREATE INDEX auth_user_last_name_ordering ON auth_user (last_name, id);
CREATE INDEX auth_user_staff_ordering ON auth_user (is_staff, id);
CREATE INDEX auth_user_active_ordering ON auth_user (is_active, id);
CREATE INDEX auth_group_ordering ON auth_group (name, id);

-- +goose Down
DROP INDEX auth_group_ordering;
DROP INDEX auth_user_active_ordering;
DROP INDEX auth_user_staff_ordering;
DROP INDEX auth_user_last_name_ordering;
DROP INDEX auth_user_first_name_ordering;
DROP INDEX auth_user_email_ordering;
DROP INDEX auth_user_ordering;
DROP INDEX catalog_hold_pickup_ordering;
DROP INDEX catalog_hold_placed;
CREATE INDEX catalog_bookinstance_on_loan ON catalog_bookinstance (coalesce(due_back, '9999-12-31'), id) WHERE status = 'o';
DROP INDEX catalog_bookinstance_status_ordering;
DROP INDEX catalog_author_died;
DROP INDEX catalog_author_born;
DROP INDEX catalog_book_author_names;
DELETE FROM catalog_counter WHERE name IN ('user', 'group', 'hold') AND parent_id = 0;
DROP TRIGGER catalog_hold_total_delete;
DROP TRIGGER catalog_hold_total_insert;
DROP TRIGGER auth_group_count_delete;
DROP TRIGGER auth_group_count_insert;
DROP TRIGGER auth_user_count_delete;
DROP TRIGGER auth_user_count_insert;
