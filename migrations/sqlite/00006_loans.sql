-- Loan history: one row per loan of a copy, from check-out to check-in. At most one open loan
-- per copy, enforced here as well as by the conditional updates of the check-out.

-- +goose Up
CREATE TABLE catalog_loan (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    bookinstance_id char(36) NOT NULL REFERENCES catalog_bookinstance (id) ON DELETE CASCADE,
    borrower_id     INTEGER NULL REFERENCES auth_user (id) ON DELETE SET NULL,
    librarian_id    INTEGER NULL REFERENCES auth_user (id) ON DELETE SET NULL,
    lent_at         datetime NOT NULL,
    due_back        date NOT NULL,
    returned_at     datetime NULL,
    returned_by_id  INTEGER NULL REFERENCES auth_user (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX catalog_loan_one_open ON catalog_loan (bookinstance_id) WHERE returned_at IS NULL;
CREATE INDEX catalog_loan_copy ON catalog_loan (bookinstance_id, lent_at DESC);
CREATE INDEX catalog_loan_borrower ON catalog_loan (borrower_id, lent_at DESC);
CREATE INDEX catalog_loan_lent_at ON catalog_loan (lent_at);

-- +goose Down
DROP TABLE catalog_loan;
