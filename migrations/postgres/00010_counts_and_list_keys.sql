-- What lets every page cost the same on a small and a very large catalog:
--
-- * catalog_counter holds the home page's figures and the totals of the lists ("Page N of M"),
--   kept exact by triggers in the same transaction as every write, whoever writes (pages,
--   commands, bulk loads, raw SQL). The triggers are per statement: a COPY or a multi-row
--   statement pays one update per counter it moves, not one per row.
--   Rows: (book|author|genre|language, 0), (copy:<status>, 0), and per parent
--   (book:author, author id), (book:genre, genre id), (book:language, language id).
-- * A book carries its author's sort names, and a book-genre link its book's title and author,
--   so that one index serves each list in its order (title, then author) and deep pages are read
--   by seeking in that index rather than by counting rows off.
-- * search_text is what the catalog search matches (title, author, ISBN; folded) under one
--   trigram index. Row triggers derive all of these. A bulk load may supply them (a COPY of a
--   million books then skips a million trigger calls): each statement checks what was supplied
--   and derives again whatever does not match, so they always equal their sources.

-- +goose Up
CREATE TABLE catalog_counter (
    name      varchar(40) NOT NULL,
    parent_id bigint NOT NULL DEFAULT 0,
    value     bigint NOT NULL,
    PRIMARY KEY (name, parent_id)
);

ALTER TABLE catalog_book
    ADD COLUMN author_last_name varchar(100) NOT NULL DEFAULT '',
    ADD COLUMN author_first_name varchar(100) NOT NULL DEFAULT '',
    ADD COLUMN search_text text NOT NULL DEFAULT '';
ALTER TABLE catalog_book_genre
    ADD COLUMN book_title varchar(200) NOT NULL DEFAULT '',
    ADD COLUMN book_author_last_name varchar(100) NOT NULL DEFAULT '',
    ADD COLUMN book_author_first_name varchar(100) NOT NULL DEFAULT '';

-- What the search matches in a book: its fields on lines of their own, so that no search text
-- matches across two of them.
-- +goose StatementBegin
CREATE FUNCTION catalog_book_search_text(title text, first_name text, last_name text, isbn text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT catalog_fold(title) || E'\n' || catalog_fold(first_name || ' ' || last_name) || E'\n' || lower(isbn) $$;
-- +goose StatementEnd

-- Derived columns of a book, from its own fields and its author's names.
-- +goose StatementBegin
CREATE FUNCTION catalog_book_derive() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT last_name, first_name INTO NEW.author_last_name, NEW.author_first_name
        FROM catalog_author WHERE id = NEW.author_id;
    -- A missing author is left for the foreign key to report.
    NEW.author_last_name := coalesce(NEW.author_last_name, '');
    NEW.author_first_name := coalesce(NEW.author_first_name, '');
    NEW.search_text := catalog_book_search_text(NEW.title, NEW.author_first_name, NEW.author_last_name, NEW.isbn);
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER catalog_book_derive BEFORE INSERT ON catalog_book
    FOR EACH ROW WHEN (NEW.search_text = '') EXECUTE FUNCTION catalog_book_derive();
CREATE TRIGGER catalog_book_rederive BEFORE UPDATE ON catalog_book
    FOR EACH ROW EXECUTE FUNCTION catalog_book_derive();

-- Inserted books whose supplied derived columns differ from their sources are derived again.
-- +goose StatementBegin
CREATE FUNCTION catalog_book_repair() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE catalog_book b SET search_text = '' FROM new_rows n JOIN catalog_author a ON a.id = n.author_id
        WHERE b.id = n.id AND (n.author_last_name, n.author_first_name, n.search_text) IS DISTINCT FROM
            (a.last_name, a.first_name, catalog_book_search_text(n.title, a.first_name, a.last_name, n.isbn));
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER catalog_book_repair AFTER INSERT ON catalog_book
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_book_repair();

-- A book-genre link carries its book's sort keys.
-- +goose StatementBegin
CREATE FUNCTION catalog_book_genre_derive() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT title, author_last_name, author_first_name
        INTO NEW.book_title, NEW.book_author_last_name, NEW.book_author_first_name
        FROM catalog_book WHERE id = NEW.book_id;
    NEW.book_title := coalesce(NEW.book_title, '');
    NEW.book_author_last_name := coalesce(NEW.book_author_last_name, '');
    NEW.book_author_first_name := coalesce(NEW.book_author_first_name, '');
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER catalog_book_genre_derive BEFORE INSERT ON catalog_book_genre
    FOR EACH ROW WHEN (NEW.book_title = '') EXECUTE FUNCTION catalog_book_genre_derive();
CREATE TRIGGER catalog_book_genre_rederive BEFORE UPDATE ON catalog_book_genre
    FOR EACH ROW EXECUTE FUNCTION catalog_book_genre_derive();

-- +goose StatementBegin
CREATE FUNCTION catalog_book_genre_repair() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE catalog_book_genre bg SET book_title = '' FROM new_rows n JOIN catalog_book b ON b.id = n.book_id
        WHERE bg.book_id = n.book_id AND bg.genre_id = n.genre_id
        AND (n.book_title, n.book_author_last_name, n.book_author_first_name) IS DISTINCT FROM
            (b.title, b.author_last_name, b.author_first_name);
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER catalog_book_genre_repair AFTER INSERT ON catalog_book_genre
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_book_genre_repair();

-- A renamed author re-sorts their books; a retitled or re-authored book re-sorts its genre links.
-- +goose StatementBegin
CREATE FUNCTION catalog_author_propagate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE catalog_book SET author_last_name = NEW.last_name, author_first_name = NEW.first_name
        WHERE author_id = NEW.id;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER catalog_author_propagate AFTER UPDATE ON catalog_author
    FOR EACH ROW WHEN (OLD.first_name IS DISTINCT FROM NEW.first_name OR OLD.last_name IS DISTINCT FROM NEW.last_name)
    EXECUTE FUNCTION catalog_author_propagate();

-- +goose StatementBegin
CREATE FUNCTION catalog_book_propagate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE catalog_book_genre SET book_title = NEW.title, book_author_last_name = NEW.author_last_name,
        book_author_first_name = NEW.author_first_name WHERE book_id = NEW.id;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER catalog_book_propagate AFTER UPDATE ON catalog_book
    FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.author_last_name IS DISTINCT FROM NEW.author_last_name
        OR OLD.author_first_name IS DISTINCT FROM NEW.author_first_name)
    EXECUTE FUNCTION catalog_book_propagate();

-- catalog_count adds the rows counted in added and takes away those in removed. It locks the
-- counter rows in one order, so concurrent writers queue rather than deadlock, and leaves
-- untouched the counters a statement did not move (an update that changed no author). It is
-- PL/pgSQL, not SQL, so that its statement is planned once per connection, not once per call.
CREATE TYPE catalog_delta AS (name text, parent_id bigint, n bigint);
-- +goose StatementBegin
CREATE FUNCTION catalog_count(added catalog_delta[], removed catalog_delta[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO catalog_counter AS c (name, parent_id, value)
    SELECT name, parent_id, sum(n) FROM (
        SELECT name, parent_id, n FROM unnest(added)
        UNION ALL SELECT name, parent_id, -n FROM unnest(removed)) d
    WHERE parent_id IS NOT NULL
    GROUP BY name, parent_id HAVING sum(n) <> 0 ORDER BY name, parent_id
    ON CONFLICT (name, parent_id) DO UPDATE SET value = c.value + excluded.value;
END
$$;
-- +goose StatementEnd

-- Each counting trigger function lists what one set of rows counts for, once for the rows a
-- statement added (new_rows) and once for those it removed (old_rows).
-- +goose StatementBegin
CREATE FUNCTION catalog_book_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    added catalog_delta[];
    removed catalog_delta[];
BEGIN
    IF TG_OP <> 'DELETE' THEN
        added := ARRAY(SELECT ('book', 0, count(*))::catalog_delta FROM new_rows
            UNION ALL SELECT ('book:author', author_id, count(*))::catalog_delta FROM new_rows GROUP BY author_id
            UNION ALL SELECT ('book:language', language_id, count(*))::catalog_delta FROM new_rows GROUP BY language_id);
    END IF;
    IF TG_OP <> 'INSERT' THEN
        removed := ARRAY(SELECT ('book', 0, count(*))::catalog_delta FROM old_rows
            UNION ALL SELECT ('book:author', author_id, count(*))::catalog_delta FROM old_rows GROUP BY author_id
            UNION ALL SELECT ('book:language', language_id, count(*))::catalog_delta FROM old_rows GROUP BY language_id);
    END IF;
    PERFORM catalog_count(added, removed);
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION catalog_book_genre_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    added catalog_delta[];
    removed catalog_delta[];
BEGIN
    IF TG_OP <> 'DELETE' THEN
        added := ARRAY(SELECT ('book:genre', genre_id, count(*))::catalog_delta FROM new_rows GROUP BY genre_id);
    END IF;
    IF TG_OP <> 'INSERT' THEN
        removed := ARRAY(SELECT ('book:genre', genre_id, count(*))::catalog_delta FROM old_rows GROUP BY genre_id);
    END IF;
    PERFORM catalog_count(added, removed);
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION catalog_bookinstance_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    added catalog_delta[];
    removed catalog_delta[];
BEGIN
    IF TG_OP <> 'DELETE' THEN
        added := ARRAY(SELECT ('copy:' || status, 0, count(*))::catalog_delta FROM new_rows GROUP BY status);
    END IF;
    IF TG_OP <> 'INSERT' THEN
        removed := ARRAY(SELECT ('copy:' || status, 0, count(*))::catalog_delta FROM old_rows GROUP BY status);
    END IF;
    PERFORM catalog_count(added, removed);
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- Authors, genres and languages are counted by the trigger's argument (the counter's name);
-- a deleted one takes its per-parent book count with it.
-- +goose StatementBegin
CREATE FUNCTION catalog_parent_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM catalog_count(ARRAY(SELECT (TG_ARGV[0], 0, count(*))::catalog_delta FROM new_rows), NULL);
    ELSE
        PERFORM catalog_count(NULL, ARRAY(SELECT (TG_ARGV[0], 0, count(*))::catalog_delta FROM old_rows));
        DELETE FROM catalog_counter WHERE name = 'book:' || TG_ARGV[0] AND parent_id IN (SELECT id FROM old_rows);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER catalog_book_count_insert AFTER INSERT ON catalog_book
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_book_count();
CREATE TRIGGER catalog_book_count_update AFTER UPDATE ON catalog_book
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_book_count();
CREATE TRIGGER catalog_book_count_delete AFTER DELETE ON catalog_book
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_book_count();
CREATE TRIGGER catalog_book_genre_count_insert AFTER INSERT ON catalog_book_genre
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_book_genre_count();
CREATE TRIGGER catalog_book_genre_count_update AFTER UPDATE ON catalog_book_genre
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_book_genre_count();
CREATE TRIGGER catalog_book_genre_count_delete AFTER DELETE ON catalog_book_genre
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_book_genre_count();
CREATE TRIGGER catalog_bookinstance_count_insert AFTER INSERT ON catalog_bookinstance
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_bookinstance_count();
CREATE TRIGGER catalog_bookinstance_count_update AFTER UPDATE ON catalog_bookinstance
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_bookinstance_count();
CREATE TRIGGER catalog_bookinstance_count_delete AFTER DELETE ON catalog_bookinstance
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_bookinstance_count();
CREATE TRIGGER catalog_author_count_insert AFTER INSERT ON catalog_author
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_parent_count('author');
CREATE TRIGGER catalog_author_count_delete AFTER DELETE ON catalog_author
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_parent_count('author');
CREATE TRIGGER catalog_genre_count_insert AFTER INSERT ON catalog_genre
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_parent_count('genre');
CREATE TRIGGER catalog_genre_count_delete AFTER DELETE ON catalog_genre
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_parent_count('genre');
CREATE TRIGGER catalog_language_count_insert AFTER INSERT ON catalog_language
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_parent_count('language');
CREATE TRIGGER catalog_language_count_delete AFTER DELETE ON catalog_language
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_parent_count('language');

-- catalog_recount derives every counter from the rows: here for the rows already there, and
-- after a TRUNCATE, which row counts cannot follow.
-- +goose StatementBegin
CREATE FUNCTION catalog_recount() RETURNS void LANGUAGE sql AS $$
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
-- +goose StatementBegin
CREATE FUNCTION catalog_recount_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM catalog_recount();
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER catalog_author_recount AFTER TRUNCATE ON catalog_author FOR EACH STATEMENT EXECUTE FUNCTION catalog_recount_trigger();
CREATE TRIGGER catalog_genre_recount AFTER TRUNCATE ON catalog_genre FOR EACH STATEMENT EXECUTE FUNCTION catalog_recount_trigger();
CREATE TRIGGER catalog_language_recount AFTER TRUNCATE ON catalog_language FOR EACH STATEMENT EXECUTE FUNCTION catalog_recount_trigger();
CREATE TRIGGER catalog_book_recount AFTER TRUNCATE ON catalog_book FOR EACH STATEMENT EXECUTE FUNCTION catalog_recount_trigger();
CREATE TRIGGER catalog_book_genre_recount AFTER TRUNCATE ON catalog_book_genre FOR EACH STATEMENT EXECUTE FUNCTION catalog_recount_trigger();
CREATE TRIGGER catalog_bookinstance_recount AFTER TRUNCATE ON catalog_bookinstance FOR EACH STATEMENT EXECUTE FUNCTION catalog_recount_trigger();

-- The rows already there: derive their columns (the row triggers do it), then count them.
UPDATE catalog_book SET author_id = author_id;
UPDATE catalog_book_genre SET book_id = book_id;
SELECT catalog_recount();

-- One index per list order. Copies without a due date sort last, as the sentinel date does.
DROP INDEX catalog_book_ordering;
DROP INDEX catalog_book_author;
DROP INDEX catalog_book_language;
DROP INDEX catalog_book_genre_genre;
DROP INDEX catalog_bookinstance_ordering;
DROP INDEX catalog_bookinstance_status;
CREATE INDEX catalog_book_ordering ON catalog_book (title, author_last_name, author_first_name, id);
CREATE INDEX catalog_book_author ON catalog_book (author_id, title, id);
CREATE INDEX catalog_book_language ON catalog_book (language_id, title, author_last_name, author_first_name, id);
CREATE INDEX catalog_book_genre_genre ON catalog_book_genre (genre_id, book_title, book_author_last_name, book_author_first_name, book_id);
CREATE INDEX catalog_bookinstance_ordering ON catalog_bookinstance ((coalesce(due_back, '9999-12-31')), id);
CREATE INDEX catalog_bookinstance_on_loan ON catalog_bookinstance ((coalesce(due_back, '9999-12-31')), id) WHERE status = 'o';
CREATE INDEX catalog_genre_ordering ON catalog_genre (name, id);
CREATE INDEX catalog_language_ordering ON catalog_language (name, id);

-- The search: one trigram index over search_text replaces those on the separate columns.
DROP INDEX catalog_book_title_trgm;
DROP INDEX catalog_book_isbn_trgm;
DROP INDEX catalog_author_name_trgm;
CREATE INDEX catalog_book_search_trgm ON catalog_book USING gin (search_text public.gin_trgm_ops);

-- +goose Down
DROP INDEX catalog_book_search_trgm;
CREATE INDEX catalog_book_title_trgm ON catalog_book USING gin (catalog_fold(title) public.gin_trgm_ops);
CREATE INDEX catalog_book_isbn_trgm ON catalog_book USING gin (isbn public.gin_trgm_ops);
CREATE INDEX catalog_author_name_trgm ON catalog_author
    USING gin (catalog_fold(first_name || ' ' || last_name) public.gin_trgm_ops);

DROP INDEX catalog_language_ordering;
DROP INDEX catalog_genre_ordering;
DROP INDEX catalog_bookinstance_on_loan;
DROP INDEX catalog_bookinstance_ordering;
DROP INDEX catalog_book_genre_genre;
DROP INDEX catalog_book_language;
DROP INDEX catalog_book_author;
DROP INDEX catalog_book_ordering;
CREATE INDEX catalog_book_ordering ON catalog_book (title, author_id, id);
CREATE INDEX catalog_book_author ON catalog_book (author_id);
CREATE INDEX catalog_book_language ON catalog_book (language_id);
CREATE INDEX catalog_book_genre_genre ON catalog_book_genre (genre_id);
CREATE INDEX catalog_bookinstance_ordering ON catalog_bookinstance (due_back NULLS LAST, id);
CREATE INDEX catalog_bookinstance_status ON catalog_bookinstance (status);

DROP TRIGGER catalog_author_recount ON catalog_author;
DROP TRIGGER catalog_genre_recount ON catalog_genre;
DROP TRIGGER catalog_language_recount ON catalog_language;
DROP TRIGGER catalog_book_recount ON catalog_book;
DROP TRIGGER catalog_book_genre_recount ON catalog_book_genre;
DROP TRIGGER catalog_bookinstance_recount ON catalog_bookinstance;
DROP TRIGGER catalog_author_count_insert ON catalog_author;
DROP TRIGGER catalog_author_count_delete ON catalog_author;
DROP TRIGGER catalog_genre_count_insert ON catalog_genre;
DROP TRIGGER catalog_genre_count_delete ON catalog_genre;
DROP TRIGGER catalog_language_count_insert ON catalog_language;
DROP TRIGGER catalog_language_count_delete ON catalog_language;
DROP TRIGGER catalog_book_count_insert ON catalog_book;
DROP TRIGGER catalog_book_count_update ON catalog_book;
DROP TRIGGER catalog_book_count_delete ON catalog_book;
DROP TRIGGER catalog_book_genre_count_insert ON catalog_book_genre;
DROP TRIGGER catalog_book_genre_count_update ON catalog_book_genre;
DROP TRIGGER catalog_book_genre_count_delete ON catalog_book_genre;
DROP TRIGGER catalog_bookinstance_count_insert ON catalog_bookinstance;
DROP TRIGGER catalog_bookinstance_count_update ON catalog_bookinstance;
DROP TRIGGER catalog_bookinstance_count_delete ON catalog_bookinstance;
DROP TRIGGER catalog_book_genre_repair ON catalog_book_genre;
DROP TRIGGER catalog_book_repair ON catalog_book;
DROP TRIGGER catalog_book_genre_rederive ON catalog_book_genre;
DROP TRIGGER catalog_book_rederive ON catalog_book;
DROP TRIGGER catalog_book_propagate ON catalog_book;
DROP TRIGGER catalog_author_propagate ON catalog_author;
DROP TRIGGER catalog_book_genre_derive ON catalog_book_genre;
DROP TRIGGER catalog_book_derive ON catalog_book;
DROP FUNCTION catalog_recount_trigger();
DROP FUNCTION catalog_recount();
DROP FUNCTION catalog_parent_count();
DROP FUNCTION catalog_bookinstance_count();
DROP FUNCTION catalog_book_genre_count();
DROP FUNCTION catalog_book_count();
DROP FUNCTION catalog_count(catalog_delta[], catalog_delta[]);
DROP TYPE catalog_delta;
DROP FUNCTION catalog_book_propagate();
DROP FUNCTION catalog_author_propagate();
DROP FUNCTION catalog_book_genre_derive();
DROP FUNCTION catalog_book_genre_repair();
DROP FUNCTION catalog_book_repair();
DROP FUNCTION catalog_book_derive();
DROP FUNCTION catalog_book_search_text(text, text, text, text);

ALTER TABLE catalog_book_genre DROP COLUMN book_title, DROP COLUMN book_author_last_name, DROP COLUMN book_author_first_name;
ALTER TABLE catalog_book DROP COLUMN author_last_name, DROP COLUMN author_first_name, DROP COLUMN search_text;
DROP TABLE catalog_counter;
