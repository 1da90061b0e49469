package notices_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"locallibrary/app/apptest"
	"locallibrary/models"
)

// wholeTable matches a plan step that reads a loans or holds table whole (PostgreSQL, SQLite).
var wholeTable = regexp.MustCompile(`(?m)Seq Scan on catalog_(loan|hold)\b|^SCAN (l|h|catalog_loan|catalog_hold)$`)

// TestNoticesWalkTheIndexesInBatches sends notices in small batches among a long loan history:
// every notice goes out once, batches that split loans due the same day included, and each
// kind's query reads through an index, never the whole loans or holds table.
func TestNoticesWalkTheIndexesInBatches(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		d := newDesk(t, dialect)
		d.n.Batch = 3
		alice := apptest.User(t, d.db, "alice", password)
		old := apptest.Copy(t, d.db, d.book, models.StatusAvailable, nil)
		// Returned loans, all due a month ago: a history no notice concerns.
		err := d.db.Exec(`WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 3000)
			INSERT INTO catalog_loan (bookinstance_id, borrower_id, lent_at, due_back, returned_at)
			SELECT ?, ?, ?, ?, ? FROM g`, old.ID, alice.ID, d.now.AddDate(0, -2, 0).UTC(), *apptest.Date(-30), d.now.UTC()).Error
		if err != nil {
			t.Fatal(err)
		}
		for range 7 {
			d.lend(t, alice, -3)
		}
		for range 4 {
			d.lend(t, alice, -30)
		}
		d.holdReady(t, alice)
		rec := apptest.RecordStatements(t, d.db)
		rec.Start()
		equal(t, "first run", d.run(t), map[string][2]int{
			models.NoticeHoldReady: {1, 0}, models.NoticeOverdue1: {7, 0}, models.NoticeOverdue7: {4, 0}})
		stmts := rec.Stop()
		equal(t, "second run", d.run(t), map[string][2]int{})

		var plans int
		for _, st := range stmts {
			if !strings.Contains(st.SQL, "NOT EXISTS") {
				continue
			}
			plans++
			plan := apptest.Explain(t, d.database, st, true)
			if os.Getenv("LOCALLIBRARY_TEST_PLANS") == "1" {
				t.Logf("%s\n%s", st.SQL, plan)
			}
			if m := wholeTable.FindString(plan); m != "" {
				t.Errorf("%q reads a whole table:\n%s\n%s", m, st.SQL, plan)
			}
			if strings.Contains(st.SQL, "catalog_loan l") && !strings.Contains(plan, "catalog_loan_due") {
				t.Errorf("the loans are not read through catalog_loan_due:\n%s", plan)
			}
		}
		if plans == 0 {
			t.Error("no statement reading the notices due was recorded")
		}
	})
}
