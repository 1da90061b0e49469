-- Counters of the holds, for the statistics page, kept by triggers like the other counters so
-- that its figures cost the same however long the hold history grows:
-- * 'hold:waiting' (parent 0): the holds waiting; 'hold:placed' (parent 0): the sum of their
--   placing times in seconds since the epoch (their average wait so far is now minus the mean).
-- * 'hold:ready' (parent yyyymm, UTC): the holds that became ready that month, and still have
--   their ready time; 'hold:wait' (same parent): the sum of their waits until ready, in seconds.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION catalog_epoch(t timestamptz) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT floor(extract(epoch FROM t))::bigint $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION catalog_hold_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    added catalog_delta[];
    removed catalog_delta[];
BEGIN
    IF TG_OP <> 'DELETE' THEN
        added := ARRAY(
                      SELECT ('hold:waiting', 0, count(*))::catalog_delta FROM new_rows WHERE status = 'w'
            UNION ALL SELECT ('hold:placed', 0, sum(catalog_epoch(placed_at)))::catalog_delta FROM new_rows WHERE status = 'w'
            UNION ALL SELECT ('hold:ready', catalog_loan_month(ready_at), count(*))::catalog_delta FROM new_rows
                      WHERE ready_at IS NOT NULL GROUP BY catalog_loan_month(ready_at)
            UNION ALL SELECT ('hold:wait', catalog_loan_month(ready_at), sum(catalog_epoch(ready_at) - catalog_epoch(placed_at)))::catalog_delta
                      FROM new_rows WHERE ready_at IS NOT NULL GROUP BY catalog_loan_month(ready_at));
    END IF;
    IF TG_OP <> 'INSERT' THEN
        removed := ARRAY(
                      SELECT ('hold:waiting', 0, count(*))::catalog_delta FROM old_rows WHERE status = 'w'
            UNION ALL SELECT ('hold:placed', 0, sum(catalog_epoch(placed_at)))::catalog_delta FROM old_rows WHERE status = 'w'
            UNION ALL SELECT ('hold:ready', catalog_loan_month(ready_at), count(*))::catalog_delta FROM old_rows
                      WHERE ready_at IS NOT NULL GROUP BY catalog_loan_month(ready_at)
            UNION ALL SELECT ('hold:wait', catalog_loan_month(ready_at), sum(catalog_epoch(ready_at) - catalog_epoch(placed_at)))::catalog_delta
                      FROM old_rows WHERE ready_at IS NOT NULL GROUP BY catalog_loan_month(ready_at));
    END IF;
    PERFORM catalog_count(added, removed);
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER catalog_hold_count_insert AFTER INSERT ON catalog_hold
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_hold_count();
CREATE TRIGGER catalog_hold_count_update AFTER UPDATE ON catalog_hold
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_hold_count();
CREATE TRIGGER catalog_hold_count_delete AFTER DELETE ON catalog_hold
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_hold_count();
CREATE TRIGGER catalog_hold_recount AFTER TRUNCATE ON catalog_hold FOR EACH STATEMENT EXECUTE FUNCTION catalog_recount_trigger();

-- catalog_recount now counts the holds as well.
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
INSERT INTO catalog_counter (name, parent_id, value)
          SELECT 'hold:waiting', 0, count(*) FROM catalog_hold WHERE status = 'w'
UNION ALL SELECT 'hold:placed', 0, coalesce(sum(catalog_epoch(placed_at)), 0) FROM catalog_hold WHERE status = 'w'
UNION ALL SELECT 'hold:ready', catalog_loan_month(ready_at), count(*) FROM catalog_hold WHERE ready_at IS NOT NULL GROUP BY 2
UNION ALL SELECT 'hold:wait', catalog_loan_month(ready_at), sum(catalog_epoch(ready_at) - catalog_epoch(placed_at))
          FROM catalog_hold WHERE ready_at IS NOT NULL GROUP BY 2;

-- +goose Down
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
DELETE FROM catalog_counter WHERE name IN ('hold:waiting', 'hold:placed', 'hold:ready', 'hold:wait');
DROP TRIGGER catalog_hold_recount ON catalog_hold;
DROP TRIGGER catalog_hold_count_delete ON catalog_hold;
DROP TRIGGER catalog_hold_count_update ON catalog_hold;
DROP TRIGGER catalog_hold_count_insert ON catalog_hold;
DROP FUNCTION catalog_hold_count();
DROP FUNCTION catalog_epoch(timestamptz);
