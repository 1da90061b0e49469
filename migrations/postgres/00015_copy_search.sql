-- The admin's copy search finds imprints through a trigram index, as the catalog search finds
-- books: a text found in a few imprints no longer costs a scan of every copy.

-- +goose Up
CREATE INDEX catalog_bookinstance_imprint_trgm ON catalog_bookinstance USING gin (catalog_fold(imprint) public.gin_trgm_ops);

-- +goose Down
DROP INDEX catalog_bookinstance_imprint_trgm;
