package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"locallibrary/app/apptest"
	"locallibrary/models"
)

// TestTwoServersRunTheScheduledNoticesOnce runs the built binary twice on one PostgreSQL
// database with the scheduler on: one process leads and sends the overdue notice; the other
// skips its runs.
func TestTwoServersRunTheScheduledNoticesOnce(t *testing.T) {
	requirePostgres(t)
	cfg := apptest.Config(t, apptest.Postgres)
	a := apptest.NewApp(t, cfg)
	db := a.DB.Gorm
	book := apptest.Book(t, db, "Parable of the Sower", apptest.Author(t, db, "Octavia", "Butler"), nil)
	member := apptest.User(t, db, "member", "quiet-lantern-47")
	libby := apptest.Librarian(t, db, "libby", "quiet-lantern-47")
	bi := apptest.Copy(t, db, book, models.StatusAvailable, nil)
	if err := models.CheckOut(context.Background(), db, bi.ID, member.ID, libby.ID, *apptest.Date(-1), models.HoldRules{PickupDays: 7}, time.Now()); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"DATABASE_URL": cfg.DatabaseURL, "SECRET_KEY": cfg.SecretKey, "RUN_MIGRATIONS": "1", "NOTIFY_INTERVAL": "1m"}
	servers := []*server{startServer(t, env), startServer(t, env)}
	logs := func() (all string) {
		for _, s := range servers {
			all += s.logs.String()
		}
		return all
	}
	for start := time.Now(); !strings.Contains(logs(), `"msg":"circulation run"`); time.Sleep(20 * time.Millisecond) {
		if time.Since(start) > 30*time.Second {
			t.Fatalf("no scheduled run\n%s", logs())
		}
	}
	leaders := 0
	for _, s := range servers {
		if strings.Contains(s.logs.String(), "this instance now runs the scheduled jobs") {
			leaders++
		}
	}
	all := logs()
	if leaders != 1 || strings.Count(all, `"msg":"circulation run"`) != 1 || strings.Count(all, `"msg":"email"`) != 1 {
		t.Errorf("%d leader(s); want one run and one e-mail\n%s", leaders, all)
	}
	var n int64
	db.Model(&models.Notice{}).Where("kind = ?", models.NoticeOverdue1).Count(&n)
	if n != 1 {
		t.Errorf("%d overdue notice(s) recorded, want 1", n)
	}
}
