package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// Hold statuses: a waiting hold queues for the book; a ready one has a copy set aside (Reserved)
// until its pickup date; the others are closed.
const (
	HoldWaiting   = "w"
	HoldReady     = "r"
	HoldFulfilled = "f"
	HoldCancelled = "c"
	HoldExpired   = "x"
)

// HoldStatuses lists the hold statuses with their names.
var HoldStatuses = []struct{ Code, Name string }{
	{HoldWaiting, "Waiting"},
	{HoldReady, "Ready for pickup"},
	{HoldFulfilled, "Fulfilled"},
	{HoldCancelled, "Cancelled"},
	{HoldExpired, "Expired"},
}

// Hold is a member's request for the next copy of a book. Waiting holds queue in id order: a
// member's position is derived from the queue, so it is never duplicated or skipped.
type Hold struct {
	ID             int64
	BookID         int64
	Book           Book
	MemberID       int64
	Member         User
	Status         string
	BookInstanceID *uuid.UUID `gorm:"column:bookinstance_id"`
	PlacedAt       time.Time
	ReadyAt        *time.Time
	PickupUntil    *Date
	ClosedAt       *time.Time
	// Position is the hold's place in its book's queue (1 is next), for waiting holds read with it.
	Position int64 `gorm:"-"`
}

// TableName names the holds table.
func (Hold) TableName() string { return "catalog_hold" }

// IsWaiting reports whether the hold queues for a copy.
func (h Hold) IsWaiting() bool { return h.Status == HoldWaiting }

// IsReady reports whether a copy is set aside for the hold.
func (h Hold) IsReady() bool { return h.Status == HoldReady }

// CopyID is the id of the copy set aside for the hold (the zero UUID for none).
func (h Hold) CopyID() uuid.UUID {
	if h.BookInstanceID == nil {
		return uuid.Nil
	}
	return *h.BookInstanceID
}

// IsActive reports whether the hold is waiting or ready.
func (h Hold) IsActive() bool { return h.IsWaiting() || h.IsReady() }

// StatusName is the display name of the hold's status.
func (h Hold) StatusName() string { return HoldStatusName(h.Status) }

// HoldRules are the library's limits on holds.
type HoldRules struct {
	// Limit is the most active holds per member.
	Limit int
	// PickupDays is how long a copy stays set aside.
	PickupDays int
	// RefuseOverdue refuses holds to members with an overdue loan.
	RefuseOverdue bool
}

// Refusals of a hold, each a message for the member.
var (
	ErrHoldExists       = errors.New("You already have a hold on this book.")
	ErrHoldLimit        = errors.New("You have reached the limit of active holds.")
	ErrHoldOverdue      = errors.New("You have an overdue loan: please return it before placing a hold.")
	ErrHoldBorrowing    = errors.New("You already have a copy of this book on loan.")
	ErrHoldNoCopies     = errors.New("The library has no copies of this book to hold.")
	ErrHoldClosed       = errors.New("This hold is no longer active.")
	ErrReservedForOther = errors.New("this copy is reserved for another member's hold")
)

// PlaceHold places memberID's hold on bookID at now. An available copy is set aside for the
// member at once (the hold is ready); otherwise the hold joins the book's queue.
func PlaceHold(ctx context.Context, db *gorm.DB, bookID, memberID int64, rules HoldRules, now time.Time) (Hold, error) {
	var h Hold
	err := transact(ctx, db, func(tx *gorm.DB) error {
		// The member first, then the book: two holds of one member cannot both pass the limit,
		// and every change to a book's queue is made one at a time.
		if err := lockRow(tx, "auth_user", memberID); err != nil {
			return err
		}
		if err := lockRow(tx, "catalog_book", bookID); err != nil {
			return err
		}
		if err := holdAllowed(tx, bookID, memberID, rules, now); err != nil {
			return err
		}
		h = Hold{BookID: bookID, MemberID: memberID, Status: HoldWaiting, PlacedAt: now.UTC()}
		if err := tx.Omit("Book", "Member").Create(&h).Error; err != nil {
			return constraintError(tx, err, ErrNotFound, "place hold")
		}
		// The queue is served in order: the new hold gets a copy on the shelf only if every
		// earlier one has one.
		if _, err := serveLocked(tx, bookID, rules.PickupDays, now); err != nil {
			return err
		}
		return Take(tx.Where("id = ?", h.ID), &h, "hold", h.ID)
	})
	if err != nil {
		return Hold{}, err
	}
	return h, nil
}

// holdAllowed checks the rules a new hold must pass.
func holdAllowed(tx *gorm.DB, bookID, memberID int64, rules HoldRules, now time.Time) error {
	var c struct{ Copies, Same, Active, Overdue, Borrowing int64 }
	err := tx.Raw(`SELECT
		(SELECT count(*) FROM catalog_bookinstance WHERE book_id = ?) AS copies,
		(SELECT count(*) FROM catalog_hold WHERE book_id = ? AND member_id = ? AND status IN ('w', 'r')) AS same,
		(SELECT count(*) FROM catalog_hold WHERE member_id = ? AND status IN ('w', 'r')) AS active,
		(SELECT count(*) FROM catalog_bookinstance WHERE borrower_id = ? AND status = 'o' AND due_back < ?) AS overdue,
		(SELECT count(*) FROM catalog_bookinstance WHERE book_id = ? AND borrower_id = ? AND status = 'o') AS borrowing`,
		bookID, bookID, memberID, memberID, memberID, NewDate(now), bookID, memberID).Scan(&c).Error
	switch {
	case err != nil:
		return fmt.Errorf("hold rules: %w", err)
	case c.Copies == 0:
		return ErrHoldNoCopies
	case c.Same > 0:
		return ErrHoldExists
	case c.Borrowing > 0:
		return ErrHoldBorrowing
	case c.Active >= int64(rules.Limit):
		return ErrHoldLimit
	case rules.RefuseOverdue && c.Overdue > 0:
		return ErrHoldOverdue
	}
	return nil
}

// setAside reserves copyID for hold h until its pickup date.
func setAside(tx *gorm.DB, h *Hold, copyID uuid.UUID, pickupDays int, now time.Time) error {
	res := tx.Exec(`UPDATE catalog_bookinstance SET status = ?, borrower_id = NULL, due_back = NULL, version = version + 1 WHERE id = ? AND status IN (?, ?)`,
		StatusReserved, copyID, StatusAvailable, StatusReserved)
	if res.Error != nil {
		return fmt.Errorf("set aside %s: %w", copyID, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("set aside %s: %w", copyID, ErrNotAvailable)
	}
	ready, until := now.UTC(), NewDate(now).AddDays(pickupDays)
	err := tx.Exec(`UPDATE catalog_hold SET status = ?, bookinstance_id = ?, ready_at = ?, pickup_until = ? WHERE id = ?`,
		HoldReady, copyID, ready, until, h.ID).Error
	if err != nil {
		return fmt.Errorf("hold %d ready: %w", h.ID, err)
	}
	h.Status, h.BookInstanceID, h.ReadyAt, h.PickupUntil = HoldReady, &copyID, &ready, &until
	return nil
}

// passOn gives a copy of bookID that has come free to the first waiting hold, or makes it
// available when nobody waits. It reports whether the copy was set aside.
func passOn(tx *gorm.DB, bookID int64, copyID uuid.UUID, pickupDays int, now time.Time) (bool, error) {
	var next Hold
	err := tx.Raw(`SELECT * FROM catalog_hold WHERE book_id = ? AND status = ? ORDER BY id LIMIT 1`, bookID, HoldWaiting).Scan(&next).Error
	if err != nil {
		return false, fmt.Errorf("next hold on book %d: %w", bookID, err)
	}
	if next.ID == 0 {
		err := tx.Exec(`UPDATE catalog_bookinstance SET status = ?, version = version + 1 WHERE id = ? AND status <> ?`,
			StatusAvailable, copyID, StatusAvailable).Error
		return false, err
	}
	err = setAside(tx, &next, copyID, pickupDays, now)
	if errors.Is(err, ErrNotAvailable) {
		// The copy was changed meanwhile by an edit (it is no longer on the shelf): nothing to pass on.
		return false, nil
	}
	return err == nil, err
}

// lockRow locks one row against the other writers of the same row until the transaction ends
// (PostgreSQL; SQLite's transactions already write one at a time). It does not block inserts
// that only reference the row.
func lockRow(tx *gorm.DB, table string, id int64) error {
	if tx.Dialector.Name() != "postgres" {
		return nil
	}
	var got int64
	if err := tx.Raw("SELECT id FROM "+table+" WHERE id = ? FOR NO KEY UPDATE", id).Scan(&got).Error; err != nil {
		return fmt.Errorf("lock %s %d: %w", table, id, err)
	}
	if got == 0 {
		return ErrNotFound
	}
	return nil
}

// lockCopyBook locks the book of a copy, and returns it. The copy's book is read again under
// the lock: an edit moving the copy to another book meanwhile sends it after the new one.
func lockCopyBook(tx *gorm.DB, copyID uuid.UUID) (int64, error) {
	read := func() (int64, error) {
		var bookID int64
		if err := tx.Raw(`SELECT book_id FROM catalog_bookinstance WHERE id = ?`, copyID).Scan(&bookID).Error; err != nil {
			return 0, fmt.Errorf("book of copy %s: %w", copyID, err)
		}
		if bookID == 0 {
			return 0, ErrNotFound
		}
		return bookID, nil
	}
	bookID, err := read()
	for range 3 {
		if err != nil {
			return 0, err
		}
		if err := lockRow(tx, "catalog_book", bookID); err != nil {
			return 0, err
		}
		locked := bookID
		if bookID, err = read(); err == nil && bookID == locked {
			return bookID, nil
		}
	}
	return 0, fmt.Errorf("book of copy %s: it keeps moving", copyID)
}

// CancelHold cancels an active hold at now: the member's own (memberID), or any (memberID 0,
// for staff). A copy set aside for it passes to the next member waiting.
func CancelHold(ctx context.Context, db *gorm.DB, holdID, memberID int64, pickupDays int, now time.Time) (Hold, error) {
	var h Hold
	err := transact(ctx, db, func(tx *gorm.DB) error {
		if err := Take(tx.Where("id = ?", holdID), &h, "hold", holdID); err != nil {
			return err
		}
		if memberID != 0 && h.MemberID != memberID {
			return ErrNotFound
		}
		return closeHold(tx, &h, HoldCancelled, pickupDays, now)
	})
	return h, err
}

// closeHold ends an active hold with status, under its book's lock; a copy set aside for it
// passes on.
func closeHold(tx *gorm.DB, h *Hold, status string, pickupDays int, now time.Time) error {
	if err := lockRow(tx, "catalog_book", h.BookID); err != nil {
		return err
	}
	if err := Take(tx.Where("id = ?", h.ID), h, "hold", h.ID); err != nil {
		return err
	}
	if !h.IsActive() {
		return ErrHoldClosed
	}
	closed := now.UTC()
	if err := tx.Exec(`UPDATE catalog_hold SET status = ?, closed_at = ? WHERE id = ?`, status, closed, h.ID).Error; err != nil {
		return fmt.Errorf("close hold %d: %w", h.ID, err)
	}
	wasReady := h.IsReady()
	h.Status, h.ClosedAt = status, &closed
	if !wasReady || h.BookInstanceID == nil {
		return nil
	}
	_, err := passOn(tx, h.BookID, *h.BookInstanceID, pickupDays, now)
	return err
}
