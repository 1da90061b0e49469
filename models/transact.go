package models

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"
)

// transactAttempts bounds how often transact runs a transaction PostgreSQL aborted.
const transactAttempts = 3

// circulationLock is the key of the PostgreSQL advisory lock that circulation writes take
// first ("LLCi").
const circulationLock = 0x4c4c4369

// LockCirculation makes tx the only transaction changing copies, holds or loans until it ends
// (PostgreSQL; SQLite's write transactions are one at a time already). The counters their
// triggers move (copies by status, holds, loans by month and due date) are shared by the whole
// site, and two such transactions touching them in different orders, statement by statement,
// would deadlock; taken first, this lock orders them all. They last milliseconds, so one at a
// time still serves hundreds a second.
func LockCirculation(tx *gorm.DB) error {
	if tx.Dialector.Name() != "postgres" {
		return nil
	}
	return tx.Exec("SELECT pg_advisory_xact_lock(?)", circulationLock).Error
}

// transact runs fn in a transaction that first takes the circulation lock, and runs it again
// (up to transactAttempts in all) when PostgreSQL aborted it to break a deadlock with a writer
// that does not take that lock, or for a serialization failure; the loser is rolled back whole,
// so running it again is safe. Inside a transaction already, fn runs in a savepoint, under the
// lock the outermost transact took.
func transact(ctx context.Context, db *gorm.DB, fn func(tx *gorm.DB) error) error {
	if _, nested := db.Statement.ConnPool.(gorm.TxCommitter); nested {
		return db.WithContext(ctx).Transaction(fn)
	}
	locked := func(tx *gorm.DB) error {
		if err := LockCirculation(tx); err != nil {
			return err
		}
		return fn(tx)
	}
	for attempt := 1; ; attempt++ {
		err := db.WithContext(ctx).Transaction(locked)
		if err == nil || attempt == transactAttempts || !retryable(err) {
			return err
		}
		pause := time.Duration(attempt*(5+rand.IntN(20))) * time.Millisecond
		select {
		case <-time.After(pause):
		case <-ctx.Done():
			return err
		}
	}
}

// retryable reports whether err is PostgreSQL's end of a transaction that may simply run
// again: a deadlock it broke (40P01) or a serialization failure (40001).
func retryable(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && (pgErr.Code == "40P01" || pgErr.Code == "40001")
}
