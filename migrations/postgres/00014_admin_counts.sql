-- What lets the admin's change lists cost the same on a small and a very large catalog:
--
-- * The counters gain the accounts ('user'), the groups ('group') and the holds ('hold'), kept by
--   statement triggers as the catalog's are, so that the dashboard and the unfiltered lists read
--   their totals from catalog_counter.
-- * Each column an admin list sorts by on its own table has an index on that column and the id,
--   so that its pages, either way, are read by seeking in the index. Nullable dates sort through
--   coalesce with the sentinel date, as the copies' due dates do: empty last going up, first
--   going down (as PostgreSQL sorts NULLs). A book's author sorts by the names the book carries.
-- * The copies filtered by status are read in due-date order through an index on the status,
--   which serves the copies on loan (all-borrowed) as the partial index it replaces did.
-- * The admin's author search has its trigram index on the names again (00010 moved the catalog
--   search's to the books' search_text).

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION catalog_row_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM catalog_count(ARRAY(SELECT (TG_ARGV[0], 0, count(*))::catalog_delta FROM new_rows), NULL);
    ELSE
        PERFORM catalog_count(NULL, ARRAY(SELECT (TG_ARGV[0], 0, count(*))::catalog_delta FROM old_rows));
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER auth_user_count_insert AFTER INSERT ON auth_user
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_row_count('user');
CREATE TRIGGER auth_user_count_delete AFTER DELETE ON auth_user
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_row_count('user');
CREATE TRIGGER auth_group_count_insert AFTER INSERT ON auth_group
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_row_count('group');
CREATE TRIGGER auth_group_count_delete AFTER DELETE ON auth_group
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_row_count('group');
CREATE TRIGGER catalog_hold_total_insert AFTER INSERT ON catalog_hold
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_row_count('hold');
CREATE TRIGGER catalog_hold_total_delete AFTER DELETE ON catalog_hold
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_row_count('hold');
CREATE TRIGGER auth_user_recount AFTER TRUNCATE ON auth_user FOR EACH STATEMENT EXECUTE FUNCTION catalog_recount_trigger();
CREATE TRIGGER auth_group_recount AFTER TRUNCATE ON auth_group FOR EACH STATEMENT EXECUTE FUNCTION catalog_recount_trigger();
-- (A TRUNCATE of the holds already recounts: 00013.)

-- catalog_recount now counts the accounts, groups and holds as well.
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
    UNION ALL SELECT 'loan:due', (due_back - DATE '1970-01-01'), count(*) FROM catalog_loan WHERE returned_at IS NULL GROUP BY due_back
    UNION ALL SELECT 'hold:waiting', 0, count(*) FROM catalog_hold WHERE status = 'w'
    UNION ALL SELECT 'hold:placed', 0, coalesce(sum(catalog_epoch(placed_at)), 0) FROM catalog_hold WHERE status = 'w'
    UNION ALL SELECT 'hold:ready', catalog_loan_month(ready_at), count(*) FROM catalog_hold WHERE ready_at IS NOT NULL GROUP BY 2
    UNION ALL SELECT 'hold:wait', catalog_loan_month(ready_at), sum(catalog_epoch(ready_at) - catalog_epoch(placed_at))
              FROM catalog_hold WHERE ready_at IS NOT NULL GROUP BY 2
    UNION ALL SELECT 'user', 0, count(*) FROM auth_user
    UNION ALL SELECT 'group', 0, count(*) FROM auth_group
    UNION ALL SELECT 'hold', 0, count(*) FROM catalog_hold;
$$;
-- +goose StatementEnd
INSERT INTO catalog_counter (name, parent_id, value)
          SELECT 'user', 0, count(*) FROM auth_user
UNION ALL SELECT 'group', 0, count(*) FROM auth_group
UNION ALL SELECT 'hold', 0, count(*) FROM catalog_hold;

CREATE INDEX catalog_book_author_names ON catalog_book (author_last_name, author_first_name, id);
CREATE INDEX catalog_book_isbn_ordering ON catalog_book (isbn, id);
CREATE INDEX catalog_author_born ON catalog_author ((coalesce(date_of_birth, '9999-12-31')), id);
CREATE INDEX catalog_author_died ON catalog_author ((coalesce(date_of_death, '9999-12-31')), id);
CREATE INDEX catalog_bookinstance_status_ordering ON catalog_bookinstance (status, (coalesce(due_back, '9999-12-31')), id);
DROP INDEX catalog_bookinstance_on_loan;
CREATE INDEX catalog_hold_placed ON catalog_hold (placed_at, id);
CREATE INDEX catalog_hold_pickup_ordering ON catalog_hold ((coalesce(pickup_until, '9999-12-31')), id);
CREATE INDEX auth_user_ordering ON auth_user (username, id);
CREATE INDEX auth_user_email_ordering ON auth_user (email, id);
CREATE INDEX auth_user_first_name_ordering ON auth_user (first_name, id);
CREATE INDEX auth_user_last_name_ordering ON auth_user (last_name, id);
CREATE INDEX auth_user_staff_ordering ON auth_user (is_staff, id);
CREATE INDEX auth_user_active_ordering ON auth_user (is_active, id);
CREATE INDEX auth_group_ordering ON auth_group (name, id);
CREATE INDEX catalog_author_name_trgm ON catalog_author
    USING gin (catalog_fold(first_name || ' ' || last_name) public.gin_trgm_ops);

-- +goose Down
DROP INDEX catalog_author_name_trgm;
DROP INDEX auth_group_ordering;
DROP INDEX auth_user_active_ordering;
DROP INDEX auth_user_staff_ordering;
DROP INDEX auth_user_last_name_ordering;
DROP INDEX auth_user_first_name_ordering;
DROP INDEX auth_user_email_ordering;
DROP INDEX auth_user_ordering;
DROP INDEX catalog_hold_pickup_ordering;
DROP INDEX catalog_hold_placed;
CREATE INDEX catalog_bookinstance_on_loan ON catalog_bookinstance ((coalesce(due_back, '9999-12-31')), id) WHERE status = 'o';
DROP INDEX catalog_bookinstance_status_ordering;
DROP INDEX catalog_author_died;
DROP INDEX catalog_author_born;
DROP INDEX catalog_book_isbn_ordering;
DROP INDEX catalog_book_author_names;

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
    UNION ALL SELECT 'loan:due', (due_back - DATE '1970-01-01'), count(*) FROM catalog_loan WHERE returned_at IS NULL GROUP BY due_back
    UNION ALL SELECT 'hold:waiting', 0, count(*) FROM catalog_hold WHERE status = 'w'
    UNION ALL SELECT 'hold:placed', 0, coalesce(sum(catalog_epoch(placed_at)), 0) FROM catalog_hold WHERE status = 'w'
    UNION ALL SELECT 'hold:ready', catalog_loan_month(ready_at), count(*) FROM catalog_hold WHERE ready_at IS NOT NULL GROUP BY 2
    UNION ALL SELECT 'hold:wait', catalog_loan_month(ready_at), sum(catalog_epoch(ready_at) - catalog_epoch(placed_at))
              FROM catalog_hold WHERE ready_at IS NOT NULL GROUP BY 2;
$$;
-- +goose StatementEnd
DELETE FROM catalog_counter WHERE name IN ('user', 'group', 'hold') AND parent_id = 0;
DROP TRIGGER auth_group_recount ON auth_group;
DROP TRIGGER auth_user_recount ON auth_user;
DROP TRIGGER catalog_hold_total_delete ON catalog_hold;
DROP TRIGGER catalog_hold_total_insert ON catalog_hold;
DROP TRIGGER auth_group_count_delete ON auth_group;
DROP TRIGGER auth_group_count_insert ON auth_group;
DROP TRIGGER auth_user_count_delete ON auth_user;
DROP TRIGGER auth_user_count_insert ON auth_user;
DROP FUNCTION catalog_row_count();
