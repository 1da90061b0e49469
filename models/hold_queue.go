package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// sweepBatch bounds the holds or books one sweep handles, so that a run has a bounded cost; the
// next run takes the rest.
const sweepBatch = 500

// ExpireHolds ends the ready holds whose pickup date passed before now's date: each copy passes
// to the next member waiting, or becomes available. It returns how many expired.
func ExpireHolds(ctx context.Context, db *gorm.DB, pickupDays int, now time.Time) (int, error) {
	var due []Hold
	err := db.WithContext(ctx).Where("status = ? AND pickup_until < ?", HoldReady, NewDate(now)).
		Order("pickup_until, id").Limit(sweepBatch).Find(&due).Error
	if err != nil {
		return 0, fmt.Errorf("holds past pickup: %w", err)
	}
	n := 0
	for _, h := range due {
		err := transact(ctx, db, func(tx *gorm.DB) error {
			return closeHold(tx, &h, HoldExpired, pickupDays, now)
		})
		// A hold picked up or cancelled since it was read is left alone.
		if errors.Is(err, ErrHoldClosed) || errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return n, fmt.Errorf("expire hold %d: %w", h.ID, err)
		}
		n++
	}
	return n, nil
}

// ServeQueues sets aside available copies for waiting holds, for the copies that became
// available other than by a check-in or the site's forms (imported, or changed in SQL). It
// returns how many copies were set aside.
func ServeQueues(ctx context.Context, db *gorm.DB, pickupDays int, now time.Time) (int, error) {
	// Copies left Reserved for no hold (by an import or SQL: the site's forms refuse it) go back
	// on the shelf first, to be served below.
	err := db.WithContext(ctx).Exec(`UPDATE catalog_bookinstance SET status = ?, version = version + 1
		WHERE status = ? AND id IN (SELECT bi.id FROM catalog_bookinstance bi WHERE bi.status = ?
			AND NOT EXISTS (SELECT 1 FROM catalog_hold h WHERE h.bookinstance_id = bi.id AND h.status = ?) LIMIT ?)`,
		StatusAvailable, StatusReserved, StatusReserved, HoldReady, sweepBatch).Error
	if err != nil {
		return 0, fmt.Errorf("copies reserved for no hold: %w", err)
	}
	var books []int64
	err = db.WithContext(ctx).Raw(`SELECT DISTINCT h.book_id FROM catalog_hold h
		WHERE h.status = ? AND EXISTS (SELECT 1 FROM catalog_bookinstance bi WHERE bi.book_id = h.book_id AND bi.status = ?)
		ORDER BY h.book_id LIMIT ?`, HoldWaiting, StatusAvailable, sweepBatch).Scan(&books).Error
	if err != nil {
		return 0, fmt.Errorf("queues with copies available: %w", err)
	}
	n := 0
	for _, bookID := range books {
		served, err := ServeQueue(ctx, db, bookID, pickupDays, now)
		if err != nil {
			return n, err
		}
		n += served
	}
	return n, nil
}

// ServeQueue sets aside the available copies of one book for its waiting holds, first come
// first served, and returns how many it set aside.
func ServeQueue(ctx context.Context, db *gorm.DB, bookID int64, pickupDays int, now time.Time) (int, error) {
	n := 0
	err := transact(ctx, db, func(tx *gorm.DB) error {
		if err := lockRow(tx, "catalog_book", bookID); err != nil {
			return err
		}
		var err error
		n, err = serveLocked(tx, bookID, pickupDays, now)
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return 0, nil
	}
	return n, err
}

// serveLocked passes the available copies of a book whose row the transaction has locked to
// its waiting holds in queue order, and returns how many it set aside.
func serveLocked(tx *gorm.DB, bookID int64, pickupDays int, now time.Time) (int, error) {
	var shelf []BookInstance
	if err := tx.Select("id").Where("book_id = ? AND status = ?", bookID, StatusAvailable).Order("id").Find(&shelf).Error; err != nil {
		return 0, fmt.Errorf("available copies of book %d: %w", bookID, err)
	}
	n := 0
	for _, bi := range shelf {
		served, err := passOn(tx, bookID, bi.ID, pickupDays, now)
		if err != nil || !served {
			return n, err
		}
		n++
	}
	return n, nil
}

// fillPositions reads the queue places of waiting holds, in one statement.
func fillPositions(db *gorm.DB, holds []Hold) error {
	var ids []int64
	for _, h := range holds {
		if h.IsWaiting() {
			ids = append(ids, h.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	var places []struct{ ID, Position int64 }
	err := db.Raw(`SELECT h.id, (SELECT count(*) FROM catalog_hold q WHERE q.book_id = h.book_id AND q.status = 'w' AND q.id <= h.id) AS position
		FROM catalog_hold h WHERE h.id IN ?`, ids).Scan(&places).Error
	if err != nil {
		return fmt.Errorf("queue places: %w", err)
	}
	at := make(map[int64]int64, len(places))
	for _, p := range places {
		at[p.ID] = p.Position
	}
	for i := range holds {
		holds[i].Position = at[holds[i].ID]
	}
	return nil
}

// MemberHolds lists a member's active holds, oldest first, with their books and queue places.
// A member has at most HOLD_LIMIT of them.
func MemberHolds(ctx context.Context, db *gorm.DB, memberID int64) ([]Hold, error) {
	var holds []Hold
	db = db.WithContext(ctx)
	err := db.Preload("Book").Where("member_id = ? AND status IN ('w', 'r')", memberID).Order("id").Find(&holds).Error
	if err != nil {
		return nil, fmt.Errorf("holds of member %d: %w", memberID, err)
	}
	return holds, fillPositions(db, holds)
}

// MemberHold is a member's active hold on a book, with its queue place, or ErrNotFound.
func MemberHold(ctx context.Context, db *gorm.DB, bookID, memberID int64) (Hold, error) {
	var h Hold
	db = db.WithContext(ctx)
	if err := Take(db.Where("book_id = ? AND member_id = ? AND status IN ('w', 'r')", bookID, memberID), &h, "hold on book", bookID); err != nil {
		return h, err
	}
	holds := []Hold{h}
	err := fillPositions(db, holds)
	return holds[0], err
}

// BookQueue lists the active holds of a book: those ready first, then the queue in order.
func BookQueue(ctx context.Context, db *gorm.DB, bookID int64) ([]Hold, error) {
	var holds []Hold
	db = db.WithContext(ctx)
	err := db.Joins("Member").Where("catalog_hold.book_id = ? AND catalog_hold.status IN ('w', 'r')", bookID).
		Order("catalog_hold.status, catalog_hold.id").Find(&holds).Error // 'r' (ready) sorts before 'w'
	if err != nil {
		return nil, fmt.Errorf("queue of book %d: %w", bookID, err)
	}
	// In the queue's order, a waiting hold's place is its rank among the waiting.
	n := int64(0)
	for i := range holds {
		if holds[i].IsWaiting() {
			n++
			holds[i].Position = n
		}
	}
	return holds, nil
}

// holdOrder is oldest holds first.
var holdOrder = Ascending("catalog_hold.id")

// ListActiveHolds reads a page of every active hold, oldest first, with its book and member
// (the staff's all-holds list). The page seeks in the index of active holds.
func ListActiveHolds(ctx context.Context, db *gorm.DB, p ListParams) ([]Hold, Page, error) {
	db = db.WithContext(ctx)
	q := db.Model(&Hold{}).Where("catalog_hold.status IN ('w', 'r')")
	l := Listing{Keys: q, Order: holdOrder, Rows: db.Model(&Hold{}).Joins("Book").Joins("Member"),
		RowID: "catalog_hold.id", Total: CountRows(q)}
	holds, page, err := ListPage[Hold](l, p, "active holds")
	if err != nil {
		return nil, page, err
	}
	return holds, page, fillPositions(db, holds)
}

// CopyHold is the ready hold a reserved copy is set aside for, with its member, or ErrNotFound.
func CopyHold(ctx context.Context, db *gorm.DB, copyID uuid.UUID) (Hold, error) {
	var h Hold
	q := db.WithContext(ctx).Joins("Member").Where("catalog_hold.bookinstance_id = ? AND catalog_hold.status = ?", copyID, HoldReady)
	return h, Take(q, &h, "hold on copy", copyID)
}

// QueueLength counts the holds waiting for a book.
func QueueLength(ctx context.Context, db *gorm.DB, bookID int64) (int64, error) {
	var n int64
	err := db.WithContext(ctx).Model(&Hold{}).Where("book_id = ? AND status = ?", bookID, HoldWaiting).Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("queue length of book %d: %w", bookID, err)
	}
	return n, nil
}
