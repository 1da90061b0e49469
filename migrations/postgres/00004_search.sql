-- Catalog search: case- and accent-insensitive substring matches on title, author name, ISBN and
-- genre, served by trigram indexes.
-- The extensions live in "public" and stay when this migration is rolled back: other schemas of
-- the same database may use them.

-- +goose Up
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;

-- unaccent() is only STABLE; naming the dictionary makes this wrapper safe to index.
CREATE FUNCTION catalog_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;

CREATE INDEX catalog_book_title_trgm ON catalog_book USING gin (catalog_fold(title) public.gin_trgm_ops);
CREATE INDEX catalog_book_isbn_trgm ON catalog_book USING gin (isbn public.gin_trgm_ops);
CREATE INDEX catalog_author_name_trgm ON catalog_author
    USING gin (catalog_fold(first_name || ' ' || last_name) public.gin_trgm_ops);
CREATE INDEX catalog_genre_name_trgm ON catalog_genre USING gin (catalog_fold(name) public.gin_trgm_ops);

-- +goose Down
DROP INDEX catalog_genre_name_trgm;
DROP INDEX catalog_author_name_trgm;
DROP INDEX catalog_book_isbn_trgm;
DROP INDEX catalog_book_title_trgm;
DROP FUNCTION catalog_fold(text);
