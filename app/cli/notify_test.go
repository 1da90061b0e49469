package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"locallibrary/app/apptest"
	"locallibrary/models"
)

func TestNotifyCommandSendsEachNoticeOnce(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		cfg := apptest.Config(t, dialect)
		a := apptest.NewApp(t, cfg)
		db := a.DB.Gorm
		book := apptest.Book(t, db, "Kindred", apptest.Author(t, db, "Octavia", "Butler"), nil)
		member := apptest.User(t, db, "member", "quiet-reading-room")
		libby := apptest.Librarian(t, db, "libby", "quiet-reading-room")
		for _, days := range []int{2, -1, -8} {
			bi := apptest.Copy(t, db, book, models.StatusAvailable, nil)
			if err := models.CheckOut(context.Background(), db, bi.ID, member.ID, libby.ID, *apptest.Date(days), models.HoldRules{PickupDays: 7}, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
		env := map[string]string{"DATABASE_URL": cfg.DatabaseURL, "SECRET_KEY": cfg.SecretKey, "EMAIL_BACKEND": "log"}

		code, out, stderr := runWith(env, "notify", "--dry-run")
		if code != 0 || !strings.Contains(out, `overdue_1 to member@example.com: "Kindred" (`+apptest.Date(-1).String()+")") ||
			!strings.Contains(out, "3 notice(s) due; none sent.") || strings.Contains(stderr, `"msg":"email"`) {
			t.Errorf("notify --dry-run: exit %d\n%s%s", code, out, stderr)
		}
		code, out, stderr = runWith(env, "notify")
		if code != 0 || strings.Count(stderr, `"msg":"email"`) != 3 {
			t.Errorf("notify: exit %d, want 3 e-mails in the log\n%s%s", code, out, stderr)
		}
		for _, line := range []string{"hold_ready: 0 sent\n", "due_soon: 1 sent\n", "overdue_1: 1 sent\n", "overdue_7: 1 sent\n"} {
			apptest.Contains(t, out, line)
		}
		code, out, stderr = runWith(env, "notify")
		if code != 0 || strings.Contains(stderr, `"msg":"email"`) || !strings.Contains(out, "overdue_7: 0 sent\n") {
			t.Errorf("notify again: exit %d, want no e-mail\n%s%s", code, out, stderr)
		}
	})
}

func TestNotifyRefusesAStaleSchemaAndBadArguments(t *testing.T) {
	env := map[string]string{"DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "stale.db"), "RUN_MIGRATIONS": "0", "DEBUG": "1"}
	if code, _, stderr := runWith(env, "notify"); code != 1 || !strings.Contains(stderr, "migration(s) pending") {
		t.Errorf("notify on an empty database: exit %d, %q", code, stderr)
	}
	if code, _, stderr := runWith(env, "notify", "--now"); code != 2 || !strings.Contains(stderr, "notify takes [--dry-run]") {
		t.Errorf("notify --now: exit %d, %q", code, stderr)
	}
}
