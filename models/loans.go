package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// Loan is one lending of a copy, from check-out to check-in.
type Loan struct {
	ID             int64
	BookInstanceID uuid.UUID    `gorm:"column:bookinstance_id"`
	BookInstance   BookInstance `gorm:"foreignKey:BookInstanceID"`
	// BookID is the book lent, kept even if the copy later moves to another book.
	BookID       *int64
	BorrowerID   *int64
	Borrower     *User
	LibrarianID  *int64
	Librarian    *User
	LentAt       time.Time
	DueBack      Date
	ReturnedAt   *time.Time
	ReturnedByID *int64
	ReturnedBy   *User
}

// loanOrder is newest loans first.
var loanOrder = Order{{Expr: "catalog_loan.lent_at", Desc: true}, {Expr: "catalog_loan.id", Desc: true}}

// TableName names the loan history table.
func (Loan) TableName() string { return "catalog_loan" }

// Errors of the circulation desk.
var (
	ErrNotAvailable = errors.New("this copy is not available for loan")
	ErrNotOnLoan    = errors.New("this copy is not on loan")
)

// CheckOut lends a copy to borrower until due, and records the loan. An available copy may go
// to anyone; a reserved one only to the member it is set aside for, whose hold it fulfils
// (ErrReservedForOther for anyone else). The copy changes only if it is still in that state
// at the moment of the update, so of two librarians lending the same copy at once exactly one
// succeeds; the other gets ErrNotAvailable. A hold of the borrower's on the book is fulfilled
// by the loan, and a copy set aside for it passes to the next member waiting.
func CheckOut(ctx context.Context, db *gorm.DB, copyID uuid.UUID, borrowerID, librarianID int64, due Date, rules HoldRules, now time.Time) error {
	return transact(ctx, db, func(tx *gorm.DB) error {
		bookID, err := lockCopyBook(tx, copyID)
		if err != nil {
			return err
		}
		var held Hold
		if err := tx.Where("bookinstance_id = ? AND status = ?", copyID, HoldReady).Limit(1).Find(&held).Error; err != nil {
			return fmt.Errorf("hold on %s: %w", copyID, err)
		}
		from := StatusAvailable
		if held.ID != 0 {
			if held.MemberID != borrowerID {
				return ErrReservedForOther
			}
			from = StatusReserved
		}
		res := tx.Exec(`UPDATE catalog_bookinstance SET status = ?, borrower_id = ?, due_back = ?, version = version + 1 WHERE id = ? AND status = ?`,
			StatusOnLoan, borrowerID, due, copyID, from)
		if res.Error != nil {
			return fmt.Errorf("check out %s: %w", copyID, res.Error)
		}
		if res.RowsAffected == 0 {
			return copyState(tx, copyID, ErrNotAvailable)
		}
		if err := fulfilOtherHold(tx, bookID, borrowerID, copyID, rules.PickupDays, now); err != nil {
			return err
		}
		// A loan left open by an earlier status edit is closed rather than left to block this one.
		err = tx.Exec(`UPDATE catalog_loan SET returned_at = ? WHERE bookinstance_id = ? AND returned_at IS NULL`, now.UTC(), copyID).Error
		if err != nil {
			return fmt.Errorf("close stale loan of %s: %w", copyID, err)
		}
		loan := Loan{BookInstanceID: copyID, BookID: &bookID, BorrowerID: &borrowerID, LibrarianID: &librarianID, LentAt: now.UTC(), DueBack: due}
		if err := tx.Omit("BookInstance", "Borrower", "Librarian", "ReturnedBy").Create(&loan).Error; err != nil {
			return fmt.Errorf("record loan of %s: %w", copyID, err)
		}
		return nil
	})
}

// fulfilOtherHold fulfils the borrower's hold on a book lent to them in another copy than the
// one set aside for it (the reserved copy's own hold is fulfilled by the database as it is
// lent): a copy set aside for them passes on.
func fulfilOtherHold(tx *gorm.DB, bookID, borrowerID int64, lent uuid.UUID, pickupDays int, now time.Time) error {
	var h Hold
	err := tx.Where("book_id = ? AND member_id = ? AND status IN ?", bookID, borrowerID, []string{HoldWaiting, HoldReady}).Limit(1).Find(&h).Error
	if err != nil || h.ID == 0 {
		return err
	}
	if err := tx.Exec(`UPDATE catalog_hold SET status = ?, closed_at = ? WHERE id = ?`, HoldFulfilled, now.UTC(), h.ID).Error; err != nil {
		return fmt.Errorf("fulfil hold %d: %w", h.ID, err)
	}
	if h.IsReady() && h.BookInstanceID != nil && *h.BookInstanceID != lent {
		_, err = passOn(tx, bookID, *h.BookInstanceID, pickupDays, now)
	}
	return err
}

// CheckIn marks a copy on loan as returned: it is set aside for the first member waiting for its
// book (Reserved, with a pickup window), or becomes available; its open loan is closed. It
// reports whether the copy was set aside.
func CheckIn(ctx context.Context, db *gorm.DB, copyID uuid.UUID, librarianID int64, rules HoldRules, now time.Time) (bool, error) {
	reserved := false
	err := transact(ctx, db, func(tx *gorm.DB) error {
		bookID, err := lockCopyBook(tx, copyID)
		if err != nil {
			return err
		}
		res := tx.Exec(`UPDATE catalog_bookinstance SET status = ?, borrower_id = NULL, due_back = NULL, version = version + 1 WHERE id = ? AND status = ?`,
			StatusAvailable, copyID, StatusOnLoan)
		if res.Error != nil {
			return fmt.Errorf("check in %s: %w", copyID, res.Error)
		}
		if res.RowsAffected == 0 {
			return copyState(tx, copyID, ErrNotOnLoan)
		}
		err = tx.Exec(`UPDATE catalog_loan SET returned_at = ?, returned_by_id = ? WHERE bookinstance_id = ? AND returned_at IS NULL`,
			now.UTC(), librarianID, copyID).Error
		if err != nil {
			return fmt.Errorf("close loan of %s: %w", copyID, err)
		}
		reserved, err = passOn(tx, bookID, copyID, rules.PickupDays, now)
		return err
	})
	return reserved, err
}

// Renew moves the due date of a copy on loan. A copy returned meanwhile is left alone
// (ErrNotOnLoan): a renewal never brings a returned loan back.
func Renew(ctx context.Context, db *gorm.DB, copyID uuid.UUID, due Date) error {
	return transact(ctx, db, func(tx *gorm.DB) error {
		res := tx.Exec(`UPDATE catalog_bookinstance SET due_back = ?, version = version + 1 WHERE id = ? AND status = ?`, due, copyID, StatusOnLoan)
		if res.Error != nil {
			return fmt.Errorf("renew %s: %w", copyID, res.Error)
		}
		if res.RowsAffected == 0 {
			return copyState(tx, copyID, ErrNotOnLoan)
		}
		err := tx.Exec(`UPDATE catalog_loan SET due_back = ? WHERE bookinstance_id = ? AND returned_at IS NULL`, due, copyID).Error
		if err != nil {
			return fmt.Errorf("renew loan of %s: %w", copyID, err)
		}
		return nil
	})
}

// syncLoan keeps the loan history in step with an edit of a copy from before to after, made by
// librarian at now: the open loan is closed when the copy leaves "on loan" or changes borrower,
// a loan is recorded when it goes on loan or to a new borrower, and a new due date moves the
// open loan's.
func syncLoan(tx *gorm.DB, before, after BookInstance, librarianID int64, now time.Time) error {
	wasOn, isOn := before.IsOnLoan(), after.IsOnLoan()
	sameBorrower := before.BorrowerID != nil && after.BorrowerID != nil && *before.BorrowerID == *after.BorrowerID
	if wasOn && isOn && sameBorrower {
		if after.DueBack == nil || (before.DueBack != nil && *before.DueBack == *after.DueBack) {
			return nil
		}
		err := tx.Exec(`UPDATE catalog_loan SET due_back = ? WHERE bookinstance_id = ? AND returned_at IS NULL`, *after.DueBack, after.ID).Error
		if err != nil {
			return fmt.Errorf("move due date of loan of %s: %w", after.ID, err)
		}
		return nil
	}
	if wasOn || isOn {
		// A loan left open by an earlier edit is closed too rather than left to block this one.
		err := tx.Exec(`UPDATE catalog_loan SET returned_at = ?, returned_by_id = ? WHERE bookinstance_id = ? AND returned_at IS NULL`,
			now.UTC(), nullID(librarianID), after.ID).Error
		if err != nil {
			return fmt.Errorf("close loan of %s: %w", after.ID, err)
		}
	}
	if !isOn || after.BorrowerID == nil || after.DueBack == nil {
		return nil
	}
	loan := Loan{BookInstanceID: after.ID, BorrowerID: after.BorrowerID, LentAt: now.UTC(), DueBack: *after.DueBack}
	if librarianID != 0 {
		loan.LibrarianID = &librarianID
	}
	if err := tx.Omit("BookInstance", "Borrower", "Librarian", "ReturnedBy").Create(&loan).Error; err != nil {
		return constraintError(tx, err, ErrInvalidChoice, "record loan of "+after.ID.String())
	}
	// The borrower waiting for the book has it now.
	err := tx.Exec(`UPDATE catalog_hold SET status = ?, closed_at = ? WHERE book_id = ? AND member_id = ? AND status = ?`,
		HoldFulfilled, now.UTC(), after.BookID, *after.BorrowerID, HoldWaiting).Error
	if err != nil {
		return fmt.Errorf("fulfil hold on the loan of %s: %w", after.ID, err)
	}
	return nil
}

// nullID is a user id as a query argument: NULL for none.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// copyState explains an update that changed nothing: the copy is missing (ErrNotFound) or not
// in the state the update needed (state).
func copyState(tx *gorm.DB, copyID uuid.UUID, state error) error {
	var n int64
	if err := tx.Model(&BookInstance{}).Where("id = ?", copyID).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return state
}

// ListBorrowedBy reads a page of the copies on loan to one user, by due date (Django's
// LoanedBooksByUserListView).
func ListBorrowedBy(ctx context.Context, db *gorm.DB, userID int64, p ListParams) ([]BookInstance, Page, error) {
	db = db.WithContext(ctx)
	q := db.Model(&BookInstance{}).Where("catalog_bookinstance.borrower_id = ? AND catalog_bookinstance.status = ?", userID, StatusOnLoan)
	return ListPage[BookInstance](copyListing(db, q, CountRows(q), "Book"), p, "borrowed books")
}

// ListAllBorrowed reads a page of every copy on loan with its borrower, by due date.
func ListAllBorrowed(ctx context.Context, db *gorm.DB, p ListParams) ([]BookInstance, Page, error) {
	db = db.WithContext(ctx)
	// The status is written into the statement, not bound, so that the partial index of copies
	// on loan is chosen whatever plan the statement is prepared with.
	q := db.Model(&BookInstance{}).Where("catalog_bookinstance.status = '" + StatusOnLoan + "'")
	return ListPage[BookInstance](copyListing(db, q, CounterTotal(db, 0, counterCopies+StatusOnLoan), "Book", "Borrower"), p, "all borrowed")
}

// CopyLoans lists the loans of one copy, newest first; with borrowerID set, only that
// borrower's.
func CopyLoans(ctx context.Context, db *gorm.DB, copyID uuid.UUID, borrowerID int64) ([]Loan, error) {
	var loans []Loan
	q := db.WithContext(ctx).Joins("Borrower").Joins("Librarian").Joins("ReturnedBy").
		Where("catalog_loan.bookinstance_id = ?", copyID)
	if borrowerID != 0 {
		q = q.Where("catalog_loan.borrower_id = ?", borrowerID)
	}
	if err := q.Order("catalog_loan.lent_at DESC, catalog_loan.id DESC").Find(&loans).Error; err != nil {
		return nil, fmt.Errorf("loans of %s: %w", copyID, err)
	}
	return loans, nil
}

// ListUserLoans reads a page of one user's loans with their copies and books, newest first.
func ListUserLoans(ctx context.Context, db *gorm.DB, userID int64, p ListParams) ([]Loan, Page, error) {
	db = db.WithContext(ctx)
	q := db.Model(&Loan{}).Where("catalog_loan.borrower_id = ?", userID)
	l := Listing{Keys: q, Order: loanOrder, Rows: db.Model(&Loan{}).Joins("BookInstance").Joins("BookInstance.Book"),
		RowID: "catalog_loan.id", Total: CountRows(q)}
	return ListPage[Loan](l, p, "loans of user")
}

// IsOverdue reports whether the loan is still open after its due date.
func (l Loan) IsOverdue() bool { return l.ReturnedAt == nil && l.DueBack.Before(Today()) }
