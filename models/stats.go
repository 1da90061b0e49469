package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Counters of the loans, as the holds migration's triggers keep them: loans lent per month
// (parent yyyymm, UTC) and per book (parent the book's id).
const (
	counterLoansOfMonth = "loan:month"
	counterLoansOfBook  = "loan:book"
)

// StatsMonths is how many months the loans-per-month figures cover, ending with the current one.
const StatsMonths = 12

// StatsTopBooks is how many of the most borrowed books the statistics list.
const StatsTopBooks = 10

// Stats are the figures of the staff statistics page.
type Stats struct {
	// Copies counts the copies in each status, in LoanStatuses order.
	Copies []Figure
	// Months counts the loans lent in each of the last StatsMonths months, oldest first.
	Months []Figure
	// TopBooks are the most borrowed books, most loans first, ties by book id.
	TopBooks []BookFigure
	// Overdue counts the loans still open after their due date.
	Overdue int64
	// Waiting are the holds waiting now, with how long on average they have waited so far.
	Waiting Wait
	// Ready are the holds that became ready in the last StatsMonths months, with how long on
	// average they waited until then.
	Ready Wait
}

// Figure is one labelled count.
type Figure struct {
	Label string
	Value int64
}

// BookFigure is a book's count of loans.
type BookFigure struct {
	BookID int64
	Title  string
	Value  int64
}

// Wait is a number of holds and their average wait.
type Wait struct {
	Holds int64
	Avg   time.Duration
}

// Days is the average wait in days, with one decimal ("2.5 days"), or "–" when there are no holds.
func (w Wait) Days() string {
	if w.Holds == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f days", w.Avg.Hours()/24)
}

// monthKey is a month as the loan counters name it: yyyymm.
func monthKey(t time.Time) int64 { return int64(t.Year())*100 + int64(t.Month()) }

// statsMonths are the first days (UTC) of the StatsMonths months ending with now's.
func statsMonths(now time.Time) []time.Time {
	now = now.UTC()
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	months := make([]time.Time, StatsMonths)
	for i := range months {
		months[i] = first.AddDate(0, i-StatsMonths+1, 0)
	}
	return months
}

// ReadStats reads the statistics at now in three statements, whatever the size of the catalog and
// of the loan history: the copies and the loans per month from the counters, the most borrowed
// books from the loan counters' index, the overdue loans and the holds from their partial indexes.
func ReadStats(ctx context.Context, db *gorm.DB, now time.Time) (Stats, error) {
	db = db.WithContext(ctx)
	months := statsMonths(now)
	s := Stats{Copies: make([]Figure, len(LoanStatuses)), Months: make([]Figure, len(months))}
	var counters []struct {
		Name     string
		ParentID int64
		Value    int64
	}
	err := db.Raw(`SELECT name, parent_id, value FROM catalog_counter
		WHERE (name IN ? AND parent_id = 0) OR (name = ? AND parent_id BETWEEN ? AND ?)`,
		copyCounters(), counterLoansOfMonth, monthKey(months[0]), monthKey(months[len(months)-1])).Scan(&counters).Error
	if err != nil {
		return Stats{}, fmt.Errorf("stats counters: %w", err)
	}
	copies, loans := map[string]int64{}, map[int64]int64{}
	for _, c := range counters {
		if c.Name == counterLoansOfMonth {
			loans[c.ParentID] = c.Value
		} else {
			copies[c.Name] = c.Value
		}
	}
	for i, st := range LoanStatuses {
		s.Copies[i] = Figure{Label: st.Name, Value: copies[counterCopies+st.Code]}
	}
	for i, m := range months {
		s.Months[i] = Figure{Label: m.Format("Jan 2006"), Value: loans[monthKey(m)]}
	}
	err = db.Raw(topBooksSQL, StatsTopBooks).Scan(&s.TopBooks).Error
	if err != nil {
		return Stats{}, fmt.Errorf("stats most borrowed: %w", err)
	}
	if err := readCirculation(db, now, months[0], &s); err != nil {
		return Stats{}, err
	}
	return s, nil
}

// topBooksSQL reads the most borrowed books off the index of the loan counters, then their
// titles. The counter's
// name is written into the statement, not bound, so that the partial index is chosen whatever
// plan the statement is prepared with.
const topBooksSQL = `SELECT top.parent_id AS book_id, catalog_book.title, top.value
	FROM (SELECT parent_id, value FROM catalog_counter WHERE name = '` + counterLoansOfBook + `' AND value > 0
		ORDER BY value DESC, parent_id LIMIT ?) top
	JOIN catalog_book ON catalog_book.id = top.parent_id
	ORDER BY top.value DESC, top.parent_id`

// circulationSQL counts the overdue loans and the waiting and lately ready holds with their
// average waits in seconds, per dialect: the waiting holds' as the mean of their placing times
// since the epoch, which Go subtracts from now.
var circulationSQL = map[bool]string{
	true: `SELECT
		(SELECT count(*) FROM catalog_loan WHERE returned_at IS NULL AND due_back < ?) AS overdue,
		(SELECT count(*) FROM catalog_hold WHERE status = 'w') AS waiting,
		(SELECT coalesce(avg(extract(epoch FROM placed_at)), 0)::float8 FROM catalog_hold WHERE status = 'w') AS placed,
		(SELECT count(*) FROM catalog_hold WHERE ready_at IS NOT NULL AND ready_at >= ?) AS ready,
		(SELECT coalesce(avg(extract(epoch FROM ready_at - placed_at)), 0)::float8 FROM catalog_hold
			WHERE ready_at IS NOT NULL AND ready_at >= ?) AS ready_wait`,
	false: `SELECT
		(SELECT count(*) FROM catalog_loan WHERE returned_at IS NULL AND due_back < ?) AS overdue,
		(SELECT count(*) FROM catalog_hold WHERE status = 'w') AS waiting,
		(SELECT coalesce(avg((julianday(placed_at) - 2440587.5) * 86400.0), 0) FROM catalog_hold WHERE status = 'w') AS placed,
		(SELECT count(*) FROM catalog_hold WHERE ready_at IS NOT NULL AND ready_at >= ?) AS ready,
		(SELECT coalesce(avg((julianday(ready_at) - julianday(placed_at)) * 86400.0), 0) FROM catalog_hold
			WHERE ready_at IS NOT NULL AND ready_at >= ?) AS ready_wait`,
}

// readCirculation fills the overdue loans and the holds of s at now, counting the holds that
// became ready since since.
func readCirculation(db *gorm.DB, now, since time.Time, s *Stats) error {
	var row struct {
		Overdue, Waiting, Ready int64
		Placed, ReadyWait       float64
	}
	q := circulationSQL[db.Dialector.Name() == "postgres"]
	if err := db.Raw(q, NewDate(now), since.UTC(), since.UTC()).Scan(&row).Error; err != nil {
		return fmt.Errorf("stats circulation: %w", err)
	}
	s.Overdue = row.Overdue
	s.Waiting.Holds, s.Ready.Holds = row.Waiting, row.Ready
	if row.Waiting > 0 {
		nowSec := float64(now.UnixNano()) / 1e9
		s.Waiting.Avg = time.Duration((nowSec - row.Placed) * float64(time.Second))
	}
	s.Ready.Avg = time.Duration(row.ReadyWait * float64(time.Second))
	return nil
}
