-- What lets every page cost the same on a small and a very large catalog (see the PostgreSQL
-- migration of the same number): exact counters kept by triggers, each list's sort keys carried
-- by the rows its index covers, and search_text for the search.
--
-- SQLite's triggers run per row. Its search index is an FTS4 table over the trigrams of
-- search_text: catalog_trigrams, a function the application registers on every connection,
-- writes each three-character window as one hex token, so that a phrase of the trigrams of the
-- search text finds exactly the books containing it. The FTS table stores no text of its own:
-- it reads the tokens back from the catalog_book_trigrams view when a book changes.

-- +goose Up
CREATE TABLE catalog_counter (
    name      varchar(40) NOT NULL,
    parent_id INTEGER NOT NULL DEFAULT 0,
    value     INTEGER NOT NULL,
    PRIMARY KEY (name, parent_id)
) WITHOUT ROWID;

ALTER TABLE catalog_book ADD COLUMN author_last_name varchar(100) NOT NULL DEFAULT '';
ALTER TABLE catalog_book ADD COLUMN author_first_name varchar(100) NOT NULL DEFAULT '';
ALTER TABLE catalog_book ADD COLUMN search_text text NOT NULL DEFAULT '';
ALTER TABLE catalog_book_genre ADD COLUMN book_title varchar(200) NOT NULL DEFAULT '';
ALTER TABLE catalog_book_genre ADD COLUMN book_author_last_name varchar(100) NOT NULL DEFAULT '';
ALTER TABLE catalog_book_genre ADD COLUMN book_author_first_name varchar(100) NOT NULL DEFAULT '';

-- The derived columns of each book, as the triggers store them.
CREATE VIEW catalog_book_derived AS
    SELECT b.id, a.last_name, a.first_name,
        catalog_fold(b.title) || char(10) || catalog_fold(a.first_name || ' ' || a.last_name) || char(10) || lower(b.isbn) AS search_text
    FROM catalog_book b JOIN catalog_author a ON a.id = b.author_id;

CREATE VIEW catalog_book_trigrams AS SELECT id AS rowid, catalog_trigrams(search_text) AS doc FROM catalog_book;
CREATE VIRTUAL TABLE catalog_book_fts USING fts4(content='catalog_book_trigrams', doc);

-- A book is in the FTS index exactly when its search_text is not empty (it is empty only
-- between the insert of the row and the trigger that derives it).
-- +goose StatementBegin
CREATE TRIGGER catalog_book_fts_unindex BEFORE UPDATE OF search_text ON catalog_book WHEN OLD.search_text <> '' BEGIN
    DELETE FROM catalog_book_fts WHERE docid = OLD.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER catalog_book_fts_index AFTER UPDATE OF search_text ON catalog_book WHEN NEW.search_text <> '' BEGIN
    INSERT INTO catalog_book_fts (docid, doc) VALUES (NEW.id, catalog_trigrams(NEW.search_text));
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER catalog_book_fts_delete BEFORE DELETE ON catalog_book WHEN OLD.search_text <> '' BEGIN
    DELETE FROM catalog_book_fts WHERE docid = OLD.id;
END;
-- +goose StatementEnd

-- Books: counts and derived columns. A missing author is left for the foreign key to report. A
-- search text supplied with the row is indexed first, so that deriving it again keeps the index
-- in step.
-- +goose StatementBegin
CREATE TRIGGER catalog_book_insert AFTER INSERT ON catalog_book BEGIN
    INSERT INTO catalog_book_fts (docid, doc) SELECT NEW.id, catalog_trigrams(NEW.search_text) WHERE NEW.search_text <> '';
    INSERT INTO catalog_counter (name, parent_id, value) VALUES ('book', 0, 1), ('book:author', NEW.author_id, 1)
        ON CONFLICT (name, parent_id) DO UPDATE SET value = value + excluded.value;
    INSERT INTO catalog_counter (name, parent_id, value) SELECT 'book:language', NEW.language_id, 1 WHERE NEW.language_id IS NOT NULL
        ON CONFLICT (name, parent_id) DO UPDATE SET value = value + excluded.value;
    UPDATE catalog_book SET (author_last_name, author_first_name, search_text) =
        (SELECT last_name, first_name, search_text FROM catalog_book_derived d WHERE d.id = NEW.id)
        WHERE id = NEW.id AND EXISTS (SELECT 1 FROM catalog_author WHERE id = NEW.author_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER catalog_book_rederive AFTER UPDATE OF title, isbn, author_id ON catalog_book BEGIN
    UPDATE catalog_book SET (author_last_name, author_first_name, search_text) =
        (SELECT last_name, first_name, search_text FROM catalog_book_derived d WHERE d.id = NEW.id)
        WHERE id = NEW.id AND EXISTS (SELECT 1 FROM catalog_author WHERE id = NEW.author_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER catalog_book_recount AFTER UPDATE OF author_id, language_id ON catalog_book
    WHEN OLD.author_id IS NOT NEW.author_id OR OLD.language_id IS NOT NEW.language_id BEGIN
    INSERT INTO catalog_counter (name, parent_id, value) VALUES ('book:author', OLD.author_id, -1), ('book:author', NEW.author_id, 1)
        ON CONFLICT (name, parent_id) DO UPDATE SET value = value + excluded.value;
    INSERT INTO catalog_counter (name, parent_id, value) SELECT 'book:language', OLD.language_id, -1 WHERE OLD.language_id IS NOT NULL
        ON CONFLICT (name, parent_id) DO UPDATE SET value = value + excluded.value;
    INSERT INTO catalog_counter (name, parent_id, value) SELECT 'book:language', NEW.language_id, 1 WHERE NEW.language_id IS NOT NULL
        ON CONFLICT (name, parent_id) DO UPDATE SET value = value + excluded.value;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER catalog_book_propagate AFTER UPDATE OF title, author_last_name, author_first_name ON catalog_book BEGIN
    UPDATE catalog_book_genre SET book_title = NEW.title, book_author_last_name = NEW.author_last_name,
        book_author_first_name = NEW.author_first_name WHERE book_id = NEW.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER catalog_book_delete AFTER DELETE ON catalog_book BEGIN
    INSERT INTO catalog_counter (name, parent_id, value) VALUES ('book', 0, -1), ('book:author', OLD.author_id, -1)
        ON CONFLICT (name, parent_id) DO UPDATE SET value = value + excluded.value;
    INSERT INTO catalog_counter (name, parent_id, value) SELECT 'book:language', OLD.language_id, -1 WHERE OLD.language_id IS NOT NULL
        ON CONFLICT (name, parent_id) DO UPDATE SET value = value + excluded.value;
END;
-- +goose StatementEnd

-- Book-genre links: per-genre counts and their book's sort keys.
-- +goose StatementBegin
CREATE TRIGGER catalog_book_genre_insert AFTER INSERT ON catalog_book_genre BEGIN
    INSERT INTO catalog_counter (name, parent_id, value) VALUES ('book:genre', NEW.genre_id, 1)
        ON CONFLICT (name, parent_id) DO UPDATE SET value = value + excluded.value;
    UPDATE catalog_book_genre SET (book_title, book_author_last_name, book_author_first_name) =
        (SELECT title, author_last_name, author_first_name FROM catalog_book WHERE id = NEW.book_id)
        WHERE book_id = NEW.book_id AND genre_id = NEW.genre_id AND EXISTS (SELECT 1 FROM catalog_book WHERE id = NEW.book_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER catalog_book_genre_update AFTER UPDATE OF book_id, genre_id ON catalog_book_genre BEGIN
    INSERT INTO catalog_counter (name, parent_id, value) VALUES ('book:genre', OLD.genre_id, -1), ('book:genre', NEW.genre_id, 1)
        ON CONFLICT (name, parent_id) DO UPDATE SET value = value + excluded.value;
    UPDATE catalog_book_genre SET (book_title, book_author_last_name, book_author_first_name) =
        (SELECT title, author_last_name, author_first_name FROM catalog_book WHERE id = NEW.book_id)
        WHERE book_id = NEW.book_id AND genre_id = NEW.genre_id AND EXISTS (SELECT 1 FROM catalog_book WHERE id = NEW.book_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER catalog_book_genre_delete AFTER DELETE ON catalog_book_genre BEGIN
    INSERT INTO catalog_counter (name, parent_id, value) VALUES ('book:genre', OLD.genre_id, -1)
        ON CONFLICT (name, parent_id) DO UPDATE SET value = value + excluded.value;
END;
-- +goose StatementEnd

-- Copies, by status.
-- +goose StatementBegin
CREATE TRIGGER catalog_bookinstance_insert AFTER INSERT ON catalog_bookinstance BEGIN
    INSERT INTO catalog_counter (name, parent_id, value) VALUES ('copy:' || NEW.status, 0, 1)
        ON CONFLICT (name, parent_id) DO UPDATE SET value = value + excluded.value;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER catalog_bookinstance_update AFTER UPDATE OF status ON catalog_bookinstance WHEN OLD.status IS NOT NEW.status BEGIN
    INSERT INTO catalog_counter (name, parent_id, value) VALUES ('copy:' || OLD.status, 0, -1), ('copy:' || NEW.status, 0, 1)
        ON CONFLICT (name, parent_id) DO UPDATE SET value = value + excluded.value;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER catalog_bookinstance_delete AFTER DELETE ON catalog_bookinstance BEGIN
    INSERT INTO catalog_counter (name, parent_id, value) VALUES ('copy:' || OLD.status, 0, -1)
        ON CONFLICT (name, parent_id) DO UPDATE SET value = value + excluded.value;
END;
-- +goose StatementEnd

-- Authors, genres and languages; a deleted one takes its per-parent book count with it.
-- +goose StatementBegin
CREATE TRIGGER catalog_author_insert AFTER INSERT ON catalog_author BEGIN
    UPDATE catalog_counter SET value = value + 1 WHERE name = 'author' AND parent_id = 0;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER catalog_author_delete AFTER DELETE ON catalog_author BEGIN
    UPDATE catalog_counter SET value = value - 1 WHERE name = 'author' AND parent_id = 0;
    DELETE FROM catalog_counter WHERE name = 'book:author' AND parent_id = OLD.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER catalog_author_rename AFTER UPDATE OF first_name, last_name ON catalog_author
    WHEN OLD.first_name IS NOT NEW.first_name OR OLD.last_name IS NOT NEW.last_name BEGIN
    UPDATE catalog_book SET (author_last_name, author_first_name, search_text) =
        (SELECT last_name, first_name, search_text FROM catalog_book_derived d WHERE d.id = catalog_book.id)
        WHERE author_id = NEW.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER catalog_genre_insert AFTER INSERT ON catalog_genre BEGIN
    UPDATE catalog_counter SET value = value + 1 WHERE name = 'genre' AND parent_id = 0;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER catalog_genre_delete AFTER DELETE ON catalog_genre BEGIN
    UPDATE catalog_counter SET value = value - 1 WHERE name = 'genre' AND parent_id = 0;
    DELETE FROM catalog_counter WHERE name = 'book:genre' AND parent_id = OLD.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER catalog_language_insert AFTER INSERT ON catalog_language BEGIN
    UPDATE catalog_counter SET value = value + 1 WHERE name = 'language' AND parent_id = 0;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER catalog_language_delete AFTER DELETE ON catalog_language BEGIN
    UPDATE catalog_counter SET value = value - 1 WHERE name = 'language' AND parent_id = 0;
    DELETE FROM catalog_counter WHERE name = 'book:language' AND parent_id = OLD.id;
END;
-- +goose StatementEnd

-- The rows already there: derive their columns (which indexes them for the search), then count.
UPDATE catalog_book SET (author_last_name, author_first_name, search_text) =
    (SELECT last_name, first_name, search_text FROM catalog_book_derived d WHERE d.id = catalog_book.id);
UPDATE catalog_book_genre SET (book_title, book_author_last_name, book_author_first_name) =
    (SELECT title, author_last_name, author_first_name FROM catalog_book WHERE id = catalog_book_genre.book_id);
INSERT INTO catalog_counter (name, parent_id, value)
              SELECT 'book', 0, count(*) FROM catalog_book
    UNION ALL SELECT 'author', 0, count(*) FROM catalog_author
    UNION ALL SELECT 'genre', 0, count(*) FROM catalog_genre
    UNION ALL SELECT 'language', 0, count(*) FROM catalog_language
    UNION ALL SELECT 'copy:' || s.status, 0, (SELECT count(*) FROM catalog_bookinstance WHERE status = s.status)
              FROM (SELECT 'a' AS status UNION ALL SELECT 'd' UNION ALL SELECT 'o' UNION ALL SELECT 'r') s
    UNION ALL SELECT 'book:author', author_id, count(*) FROM catalog_book GROUP BY author_id
    UNION ALL SELECT 'book:language', language_id, count(*) FROM catalog_book WHERE language_id IS NOT NULL GROUP BY language_id
    UNION ALL SELECT 'book:genre', genre_id, count(*) FROM catalog_book_genre GROUP BY genre_id;

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
CREATE INDEX catalog_bookinstance_ordering ON catalog_bookinstance (coalesce(due_back, '9999-12-31'), id);
CREATE INDEX catalog_bookinstance_on_loan ON catalog_bookinstance (coalesce(due_back, '9999-12-31'), id) WHERE status = 'o';
CREATE INDEX catalog_genre_ordering ON catalog_genre (name, id);
CREATE INDEX catalog_language_ordering ON catalog_language (name, id);

-- +goose Down
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
CREATE INDEX catalog_bookinstance_ordering ON catalog_bookinstance (due_back, id);
CREATE INDEX catalog_bookinstance_status ON catalog_bookinstance (status);

DROP TRIGGER catalog_language_delete;
DROP TRIGGER catalog_language_insert;
DROP TRIGGER catalog_genre_delete;
DROP TRIGGER catalog_genre_insert;
DROP TRIGGER catalog_author_rename;
DROP TRIGGER catalog_author_delete;
DROP TRIGGER catalog_author_insert;
DROP TRIGGER catalog_bookinstance_delete;
DROP TRIGGER catalog_bookinstance_update;
DROP TRIGGER catalog_bookinstance_insert;
DROP TRIGGER catalog_book_genre_delete;
DROP TRIGGER catalog_book_genre_update;
DROP TRIGGER catalog_book_genre_insert;
DROP TRIGGER catalog_book_delete;
DROP TRIGGER catalog_book_propagate;
DROP TRIGGER catalog_book_recount;
DROP TRIGGER catalog_book_rederive;
DROP TRIGGER catalog_book_insert;
DROP TRIGGER catalog_book_fts_delete;
DROP TRIGGER catalog_book_fts_index;
DROP TRIGGER catalog_book_fts_unindex;
DROP TABLE catalog_book_fts;
DROP VIEW catalog_book_trigrams;
DROP VIEW catalog_book_derived;

ALTER TABLE catalog_book_genre DROP COLUMN book_author_first_name;
ALTER TABLE catalog_book_genre DROP COLUMN book_author_last_name;
ALTER TABLE catalog_book_genre DROP COLUMN book_title;
ALTER TABLE catalog_book DROP COLUMN search_text;
ALTER TABLE catalog_book DROP COLUMN author_first_name;
ALTER TABLE catalog_book DROP COLUMN author_last_name;
DROP TABLE catalog_counter;
