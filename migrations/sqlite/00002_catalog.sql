-- The catalog: authors, genres, languages, books and their copies.
-- Deleting an author with books, a book with copies, or a genre or language in use is refused here too.

-- +goose Up
CREATE TABLE catalog_author (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    first_name    varchar(100) NOT NULL CHECK (first_name <> '' AND length(first_name) <= 100),
    last_name     varchar(100) NOT NULL CHECK (last_name <> '' AND length(last_name) <= 100),
    date_of_birth date NULL,
    date_of_death date NULL,
    CONSTRAINT catalog_author_death_after_birth
        CHECK (date_of_death IS NULL OR date_of_birth IS NULL OR date_of_death >= date_of_birth)
);
CREATE INDEX catalog_author_ordering ON catalog_author (last_name, first_name, id);

CREATE TABLE catalog_genre (
    id   INTEGER PRIMARY KEY AUTOINCREMENT,
    name varchar(200) NOT NULL CHECK (name <> '' AND length(name) <= 200)
);
CREATE UNIQUE INDEX catalog_genre_name_ci ON catalog_genre (casefold(name));

CREATE TABLE catalog_language (
    id   INTEGER PRIMARY KEY AUTOINCREMENT,
    name varchar(200) NOT NULL CHECK (name <> '' AND length(name) <= 200)
);
CREATE UNIQUE INDEX catalog_language_name_ci ON catalog_language (casefold(name));

CREATE TABLE catalog_book (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    title       varchar(200) NOT NULL CHECK (title <> '' AND length(title) <= 200),
    author_id   INTEGER NOT NULL REFERENCES catalog_author (id) ON DELETE RESTRICT,
    summary     varchar(1000) NOT NULL CHECK (length(summary) <= 1000),
    isbn        varchar(13) NOT NULL CHECK (isbn <> '' AND length(isbn) <= 13),
    language_id INTEGER NULL REFERENCES catalog_language (id) ON DELETE RESTRICT,
    CONSTRAINT catalog_book_isbn_key UNIQUE (isbn)
);
CREATE INDEX catalog_book_ordering ON catalog_book (title, author_id, id);
CREATE INDEX catalog_book_author ON catalog_book (author_id);
CREATE INDEX catalog_book_language ON catalog_book (language_id);

CREATE TABLE catalog_book_genre (
    book_id  INTEGER NOT NULL REFERENCES catalog_book (id) ON DELETE CASCADE,
    genre_id INTEGER NOT NULL REFERENCES catalog_genre (id) ON DELETE RESTRICT,
    PRIMARY KEY (book_id, genre_id)
);
CREATE INDEX catalog_book_genre_genre ON catalog_book_genre (genre_id);

CREATE TABLE catalog_bookinstance (
    id          char(36) PRIMARY KEY,
    book_id     INTEGER NOT NULL REFERENCES catalog_book (id) ON DELETE RESTRICT,
    imprint     varchar(200) NOT NULL DEFAULT '' CHECK (length(imprint) <= 200),
    due_back    date NULL,
    status      char(1) NOT NULL DEFAULT 'd' CHECK (status IN ('d', 'o', 'a', 'r')),
    borrower_id INTEGER NULL REFERENCES auth_user (id) ON DELETE SET NULL
);
CREATE INDEX catalog_bookinstance_ordering ON catalog_bookinstance (due_back, id);
CREATE INDEX catalog_bookinstance_book ON catalog_bookinstance (book_id);
CREATE INDEX catalog_bookinstance_borrower ON catalog_bookinstance (borrower_id, due_back) WHERE borrower_id IS NOT NULL;
CREATE INDEX catalog_bookinstance_status ON catalog_bookinstance (status);

-- +goose Down
DROP TABLE catalog_bookinstance;
DROP TABLE catalog_book_genre;
DROP TABLE catalog_book;
DROP TABLE catalog_language;
DROP TABLE catalog_genre;
DROP TABLE catalog_author;
