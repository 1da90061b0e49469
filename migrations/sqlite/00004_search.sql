-- Catalog search. SQLite searches with LIKE through catalog_fold, a function the application
-- registers on every connection; nothing to create here. The version keeps both dialects in step.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
