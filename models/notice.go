package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Notice kinds: a hold ready for pickup, a courtesy reminder before the due date, and the
// reminders one and seven days after it.
const (
	NoticeHoldReady = "hold_ready"
	NoticeDueSoon   = "due_soon"
	NoticeOverdue1  = "overdue_1"
	NoticeOverdue7  = "overdue_7"
)

// NoticeKinds lists every kind of notice, in the order they are sent.
func NoticeKinds() []string {
	return []string{NoticeHoldReady, NoticeDueSoon, NoticeOverdue1, NoticeOverdue7}
}

// Notice is the record of one notice sent (catalog_notice): at most one per hold and kind, and
// one per loan, kind and due date, so a renewed loan gets its notices again.
type Notice struct {
	ID      int64
	Kind    string
	UserID  *int64
	LoanID  *int64
	HoldID  *int64
	DueBack *Date
	Email   string
	SentAt  time.Time
}

// TableName names the notices table.
func (Notice) TableName() string { return "catalog_notice" }

// DueNotice is a notice waiting to be sent: to whom, about which loan or hold and book.
type DueNotice struct {
	Kind string
	// Key is the loan's id, or the hold's for hold_ready.
	Key       int64 `gorm:"column:key_id"`
	UserID    int64
	Username  string
	FirstName string
	LastName  string
	Email     string
	BookID    int64
	Title     string
	// Date is the loan's due date, or the last day of the hold's pickup window.
	Date Date `gorm:"column:notice_day"`
}

// FullName returns "First Last", or the username when both are blank.
func (n DueNotice) FullName() string {
	return User{Username: n.Username, FirstName: n.FirstName, LastName: n.LastName}.FullName()
}

// dueLoans selects the open loans of active members with an e-mail address whose due date lies
// between two days, without a notice of that kind for that due date, in the order of the index of
// open loans by due date (then id), after a due date and loan id.
const dueLoans = `SELECT l.id AS key_id, l.due_back AS notice_day, u.id AS user_id, u.username, u.first_name, u.last_name, u.email,
	COALESCE(b.id, 0) AS book_id, COALESCE(b.title, '') AS title
FROM catalog_loan l
JOIN auth_user u ON u.id = l.borrower_id
LEFT JOIN catalog_book b ON b.id = l.book_id
WHERE l.returned_at IS NULL AND l.due_back >= ? AND l.due_back <= ? AND (l.due_back > ? OR l.id > ?)
	AND u.is_active AND u.email <> ''
	AND NOT EXISTS (SELECT 1 FROM catalog_notice n WHERE n.kind = ? AND n.loan_id = l.id AND n.due_back = l.due_back)
ORDER BY l.due_back, l.id
LIMIT ?`

// readyHolds selects the ready holds of active members with an e-mail address whose pickup
// window is still open and who have not been told; by hold id after a key.
const readyHolds = `SELECT h.id AS key_id, h.pickup_until AS notice_day, u.id AS user_id, u.username, u.first_name, u.last_name, u.email,
	b.id AS book_id, b.title
FROM catalog_hold h
JOIN auth_user u ON u.id = h.member_id
JOIN catalog_book b ON b.id = h.book_id
WHERE h.status = 'r' AND h.pickup_until >= ? AND h.id > ?
	AND u.is_active AND u.email <> ''
	AND NOT EXISTS (SELECT 1 FROM catalog_notice n WHERE n.kind = ? AND n.hold_id = h.id AND n.due_back = h.pickup_until)
ORDER BY h.id
LIMIT ?`

// oldestDue stands for "no lower bound" on the due dates of the seven-day reminder.
var oldestDue = MustDate("0001-01-01")

// DueNotices returns up to limit notices of kind due on day today that come after after (the last
// of the previous batch; the zero DueNotice to start), in the order of an index: by due date
// and loan, or by hold. One statement whatever the limit. Members without an e-mail address or no longer active
// get none (and nothing is recorded for them). Loans due between today and two days on get the
// courtesy notice; one to six days overdue the first reminder; seven days or more the second.
func DueNotices(ctx context.Context, db *gorm.DB, kind string, today Date, after DueNotice, limit int) ([]DueNotice, error) {
	var rows []DueNotice
	var err error
	q := db.WithContext(ctx)
	loans := func(from, to Date) error {
		since := from
		if after.Date.After(from) {
			since = after.Date
		}
		return q.Raw(dueLoans, since, to, since, after.Key, kind, limit).Scan(&rows).Error
	}
	switch kind {
	case NoticeHoldReady:
		err = q.Raw(readyHolds, today, after.Key, kind, limit).Scan(&rows).Error
	case NoticeDueSoon:
		err = loans(today, today.AddDays(2))
	case NoticeOverdue1:
		err = loans(today.AddDays(-6), today.AddDays(-1))
	case NoticeOverdue7:
		err = loans(oldestDue, today.AddDays(-7))
	default:
		return nil, fmt.Errorf("due notices: unknown kind %q", kind)
	}
	if err != nil {
		return nil, fmt.Errorf("due notices %s: %w", kind, err)
	}
	for i := range rows {
		rows[i].Kind = kind
	}
	return rows, nil
}

// SendNotice records n as sent at now and calls send, in one transaction: the record is the
// claim, so of two runs sending the same notice at once only one sends (the other's insert waits
// for the first to commit, then finds the notice recorded: sent is false). A hold picked up or a
// loan returned or renewed since n was read is left alone (sent is false). A send error rolls
// the record back and the next run tries again.
//
// A crash between a successful send and the commit leaves no record, and the notice is sent
// again by the next run: at least once rather than at most once, since a duplicate reminder
// costs a member a second e-mail but a lost one can cost them a fine or their hold.
func SendNotice(ctx context.Context, db *gorm.DB, n DueNotice, now time.Time, send func() error) (sent bool, err error) {
	rec := Notice{Kind: n.Kind, UserID: &n.UserID, Email: n.Email, SentAt: now.UTC()}
	// A loan's notice is keyed by its due date, a hold's by its pickup date: a renewed loan, or a
	// hold set aside again, is told again.
	rec.DueBack = &n.Date
	if n.Kind == NoticeHoldReady {
		rec.HoldID = &n.Key
	} else {
		rec.LoanID = &n.Key
	}
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Exec(`INSERT INTO catalog_notice (kind, user_id, loan_id, hold_id, due_back, email, sent_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			rec.Kind, rec.UserID, rec.LoanID, rec.HoldID, rec.DueBack, rec.Email, rec.SentAt)
		if res.Error != nil {
			return fmt.Errorf("record notice %s %d: %w", n.Kind, n.Key, res.Error)
		}
		if res.RowsAffected == 0 {
			return nil
		}
		if due, err := stillDue(tx, n); err != nil || !due {
			if err == nil {
				err = errNoLongerDue
			}
			return err
		}
		if err := send(); err != nil {
			return err
		}
		sent = true
		return nil
	})
	if errors.Is(err, errNoLongerDue) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return sent, nil
}

// errNoLongerDue rolls back the record of a notice whose hold or loan changed since it was read.
var errNoLongerDue = errors.New("notice no longer due")

// stillDue reports whether n's hold is still ready, or its loan still open with the same due date.
func stillDue(tx *gorm.DB, n DueNotice) (bool, error) {
	var found []int64
	q := tx.Raw("SELECT id FROM catalog_loan WHERE id = ? AND returned_at IS NULL AND due_back = ?", n.Key, n.Date)
	if n.Kind == NoticeHoldReady {
		q = tx.Raw("SELECT id FROM catalog_hold WHERE id = ? AND status = ? AND pickup_until = ?", n.Key, HoldReady, n.Date)
	}
	if err := q.Scan(&found).Error; err != nil {
		return false, fmt.Errorf("notice %s %d still due: %w", n.Kind, n.Key, err)
	}
	return len(found) == 1, nil
}
