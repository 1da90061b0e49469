package cli

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"locallibrary/app/apptest"
	"locallibrary/models"
)

func TestHoldsCommand(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		cfg := apptest.Config(t, dialect)
		env := map[string]string{"DATABASE_URL": cfg.DatabaseURL, "SECRET_KEY": cfg.SecretKey}
		if code, _, stderr := runWith(env, "migrate", "up"); code != 0 {
			t.Fatalf("migrate: %s", stderr)
		}
		db := apptest.OpenDB(t, cfg).Gorm
		book := apptest.Book(t, db, "Kindred", apptest.Author(t, db, "Octavia", "Butler"), nil)
		shelf := apptest.Copy(t, db, book, models.StatusAvailable, nil)
		apptest.Copy(t, db, book, models.StatusOnLoan, apptest.Date(3))
		rules := models.HoldRules{Limit: 5, PickupDays: 7}
		for _, name := range []string{"ann", "ben", "cat"} {
			u := apptest.User(t, db, name, "correct-horse-battery-staple")
			if _, err := models.PlaceHold(t.Context(), db, book.ID, u.ID, rules, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
		code, out, stderr := runWith(env, "holds", "1")
		if code != 0 {
			t.Fatalf("holds: exit %d: %s", code, stderr)
		}
		lines := regexp.MustCompile(`(?m)^Kindred \(Butler, Octavia\): 3 active holds\nPLACE +MEMBER +PLACED +STATUS\n` +
			`- +ann +[0-9: -]+ready until [0-9-]+ \(copy ` + shelf.ID.String() + `\)\n1 +ben +[0-9: -]+waiting\n2 +cat +[0-9: -]+waiting\n$`)
		if !lines.MatchString(out) {
			t.Errorf("holds printed\n%s", out)
		}
		for _, tt := range []struct {
			args []string
			code int
			want string
		}{{[]string{"holds"}, 2, "holds takes one book"}, {[]string{"holds", "999"}, 1, `no book with id or ISBN "999"`},
			{[]string{"holds", "\x00"}, 1, "no book"}} {
			code, _, stderr := runWith(env, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("%q: exit %d, stderr %q; want %d, %q", tt.args, code, stderr, tt.code, tt.want)
			}
		}
	})
}
