package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Counters of the loans and holds, as the triggers of the holds migrations keep them: loans
// lent per month (parent yyyymm, UTC) and per book (parent the book's id); the holds waiting and
// the sum of their placing times in seconds since the epoch (parent 0); per month of becoming
// ready (parent yyyymm, UTC) the holds ready and the sum of their waits until then in seconds.
const (
	counterLoansOfMonth = "loan:month"
	counterLoansOfBook  = "loan:book"
	// counterLoansDue counts the open loans per due date (parent: days since 1970-01-01).
	counterLoansDue     = "loan:due"
	counterHoldsWaiting = "hold:waiting"
	counterHoldsPlaced  = "hold:placed"
	counterHoldsReady   = "hold:ready"
	counterHoldsWait    = "hold:wait"
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

// ReadStats reads the statistics at now in three statements, whatever the size of the catalog,
// of the loan history and of the holds: the copies, the loans per month and the holds from the
// counters, the most borrowed books from the loan counters' index, the overdue loans from the
// partial index of open loans by due date.
func ReadStats(ctx context.Context, db *gorm.DB, now time.Time) (Stats, error) {
	db = db.WithContext(ctx)
	months := statsMonths(now)
	first, last := monthKey(months[0]), monthKey(months[len(months)-1])
	var counters []struct {
		Name     string
		ParentID int64
		Value    int64
	}
	// The overdue loans are the open loans due before today: the counters of those dates, summed
	// in the statement (one row, however many dates).
	err := db.Raw(`SELECT name, parent_id, value FROM catalog_counter
		WHERE (name IN ? AND parent_id = 0) OR (name IN ? AND parent_id BETWEEN ? AND ?)
		UNION ALL SELECT ?, 0, CAST(coalesce(sum(value), 0) AS bigint) FROM catalog_counter WHERE name = ? AND parent_id < ?`,
		append(copyCounters(), counterHoldsWaiting, counterHoldsPlaced),
		[]string{counterLoansOfMonth, counterHoldsReady, counterHoldsWait}, first, last,
		counterLoansDue, counterLoansDue, dueDay(NewDate(now))).Scan(&counters).Error
	if err != nil {
		return Stats{}, fmt.Errorf("stats counters: %w", err)
	}
	s := Stats{Copies: make([]Figure, len(LoanStatuses)), Months: make([]Figure, len(months))}
	totals, loans := map[string]int64{}, map[int64]int64{}
	for _, c := range counters {
		if c.Name == counterLoansOfMonth {
			loans[c.ParentID] = c.Value
		} else {
			totals[c.Name] += c.Value
		}
	}
	for i, st := range LoanStatuses {
		s.Copies[i] = Figure{Label: st.Name, Value: totals[counterCopies+st.Code]}
	}
	for i, m := range months {
		s.Months[i] = Figure{Label: m.Format("Jan 2006"), Value: loans[monthKey(m)]}
	}
	s.Waiting.Holds, s.Ready.Holds = totals[counterHoldsWaiting], totals[counterHoldsReady]
	if s.Waiting.Holds > 0 {
		placed := float64(totals[counterHoldsPlaced]) / float64(s.Waiting.Holds)
		s.Waiting.Avg = time.Duration((float64(now.UnixNano())/1e9 - placed) * float64(time.Second))
	}
	if s.Ready.Holds > 0 {
		s.Ready.Avg = time.Duration(float64(totals[counterHoldsWait]) / float64(s.Ready.Holds) * float64(time.Second))
	}
	if err := db.Raw(topBooksSQL, StatsTopBooks).Scan(&s.TopBooks).Error; err != nil {
		return Stats{}, fmt.Errorf("stats most borrowed: %w", err)
	}
	s.Overdue = totals[counterLoansDue]
	return s, nil
}

// dueDay is the key of a due date in the counters of open loans: days since 1970-01-01.
func dueDay(d Date) int64 {
	return int64(d.Time.Sub(time.Date(1970, 1, 1, 0, 0, 0, 0, d.Time.Location())).Hours() / 24)
}

// topBooksSQL reads the most borrowed books off the index of the loan counters, then their
// titles. The counter's name is written into the statement, not bound, so that the partial index
// is chosen whatever plan the statement is prepared with.
const topBooksSQL = `SELECT top.parent_id AS book_id, catalog_book.title, top.value
	FROM (SELECT parent_id, value FROM catalog_counter WHERE name = '` + counterLoansOfBook + `' AND value > 0
		ORDER BY value DESC, parent_id LIMIT ?) top
	JOIN catalog_book ON catalog_book.id = top.parent_id
	ORDER BY top.value DESC, top.parent_id
`
