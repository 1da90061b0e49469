package cli

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"locallibrary/app/apptest"
	"locallibrary/app/forms"
	"locallibrary/models"
)

func runWith(env map[string]string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Run(args, strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
	return code, out.String(), errb.String()
}

func TestStartupFailuresPrintOneLine(t *testing.T) {
	dir := t.TempDir()
	key := goodKey
	tests := []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string
	}{
		{"unknown command", nil, []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"bad DATABASE_URL", map[string]string{"DATABASE_URL": "mysql://db/x", "SECRET_KEY": key}, []string{"serve"}, 2, "DATABASE_URL"},
		{"bad SESSION_TTL", map[string]string{"SESSION_TTL": "soon"}, []string{"migrate", "up"}, 2, "SESSION_TTL"},
		{"unreachable database", with(production(), "DATABASE_URL", "postgres://nobody@127.0.0.1:1/none?connect_timeout=2"),
			[]string{"serve"}, 1, "cannot reach PostgreSQL at postgres://nobody@127.0.0.1:1/none"},
		{"unreachable database on migrate", map[string]string{"DATABASE_URL": "postgres://nobody:pw@127.0.0.1:1/none", "SECRET_KEY": key},
			[]string{"migrate", "up"}, 1, "cannot reach PostgreSQL"},
		{"stale schema", map[string]string{"DATABASE_URL": "sqlite:" + filepath.Join(dir, "stale.db"), "RUN_MIGRATIONS": "0", "DEBUG": "1"},
			[]string{"serve"}, 1, "migration(s) pending"},
		{"bad migrate subcommand", nil, []string{"migrate", "sideways"}, 2, `unknown subcommand "sideways"`},
		{"bad seed flag", nil, []string{"seed", "--books", "many"}, 2, "seed takes [--books N]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runWith(tt.env, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, stderr)
			}
			if !strings.Contains(stderr, tt.want) || strings.Count(stderr, "\n") != 1 {
				t.Errorf("stderr %q: want one line containing %q", stderr, tt.want)
			}
			if strings.Contains(stderr, ":pw@") {
				t.Errorf("stderr leaks the database password: %q", stderr)
			}
		})
	}
}

func TestMigrateAndSeedCommands(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		cfg := apptest.Config(t, dialect)
		env := map[string]string{"DATABASE_URL": cfg.DatabaseURL, "SECRET_KEY": cfg.SecretKey}

		if code, _, stderr := runWith(env, "seed"); code != 1 || !strings.Contains(stderr, "pending") {
			t.Errorf("seed on an empty database: exit %d, %q", code, stderr)
		}
		code, out, stderr := runWith(env, "migrate", "up")
		if code != 0 || !strings.Contains(out, "OK    up 00002_catalog.sql") {
			t.Fatalf("migrate up: exit %d\n%s%s", code, out, stderr)
		}
		if code, out, _ := runWith(env, "migrate", "status"); code != 0 || strings.Contains(out, "pending") {
			t.Errorf("migrate status: exit %d\n%s", code, out)
		}
		want := "Sample catalog ready: 7 books, 11 copies (5 available), 5 authors, 3 genres."
		for range 2 {
			if code, out, stderr := runWith(env, "seed"); code != 0 || !strings.Contains(out, want) {
				t.Errorf("seed: exit %d\n%s%s", code, out, stderr)
			}
		}
		if code, out, stderr := runWith(env, "seed", "--books", "25"); code != 0 || !strings.Contains(out+stderr, "Added 25 books and 75 copies in ") {
			t.Errorf("seed --books: exit %d\n%s%s", code, out, stderr)
		}
		if code, out, stderr := runWith(env, "seed", "--loans", "100"); code != 0 || !strings.Contains(out+stderr, "Added 100 returned loans and ") {
			t.Errorf("seed --loans: exit %d\n%s%s", code, out, stderr)
		}
		if code, out, _ := runWith(env, "seed"); code != 0 || !strings.Contains(out, "32 books, 86 copies") {
			t.Errorf("after the synthetic books: %s", out)
		}
		if code, out, stderr := runWith(env, "migrate", "down"); code != 0 || strings.Count(out, "OK    down") != 1 {
			t.Errorf("migrate down: exit %d\n%s%s", code, out, stderr)
		}
		if code, out, stderr := runWith(env, "migrate", "down", "0"); code != 0 || !strings.Contains(out, "down 00001_auth.sql") {
			t.Errorf("migrate down 0: exit %d\n%s%s", code, out, stderr)
		}
		if code, out, _ := runWith(env, "migrate", "status"); code != 0 || strings.Contains(out, "applied") || !strings.Contains(out, "pending") {
			t.Errorf("status after down 0: exit %d\n%s", code, out)
		}
	})
}

func TestServeOnEmbeddedDefaultAndShutDownGracefully(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	// ADDR ":port" listens on every address, IPv6 as well as IPv4 where the machine has it.
	port := addr[strings.LastIndex(addr, ":"):]

	done := make(chan int)
	var stderr bytes.Buffer
	go func() {
		done <- Run(nil, strings.NewReader(""), io.Discard, &stderr, func(k string) string { return map[string]string{"ADDR": port}[k] })
	}()
	var resp *http.Response
	for i := 0; i < 100; i++ {
		if resp, err = http.Get("http://" + addr + "/catalog/"); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("the site did not come up: %v\n%s", err, stderr.String())
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Contains(body, []byte("You have visited this page 1 time.")) {
		t.Fatalf("home page: %d\n%s", resp.StatusCode, body)
	}
	if l6, err := net.Listen("tcp6", "[::1]:0"); err == nil {
		l6.Close()
		resp, err := http.Get("http://[::1]" + port + "/healthz")
		if err != nil {
			t.Errorf("not served over IPv6: %v", err)
		} else if resp.Body.Close(); resp.StatusCode != 200 {
			t.Errorf("/healthz over IPv6: %d", resp.StatusCode)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "db.sqlite3")); err != nil {
		t.Errorf("the embedded database should live in the working folder: %v", err)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d after SIGTERM\n%s", code, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("no shutdown within 15s of SIGTERM")
	}
}

func runIn(env map[string]string, stdin string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Run(args, strings.NewReader(stdin), &out, &errb, func(k string) string { return env[k] })
	return code, out.String(), errb.String()
}

func TestUserCommands(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		cfg := apptest.Config(t, dialect)
		env := map[string]string{"DATABASE_URL": cfg.DatabaseURL, "SECRET_KEY": cfg.SecretKey, "RUN_MIGRATIONS": "1"}
		withPw := func(pw string) map[string]string {
			m := map[string]string{"LOCALLIBRARY_PASSWORD": pw}
			for k, v := range env {
				m[k] = v
			}
			return m
		}
		tests := []struct {
			name   string
			env    map[string]string
			stdin  string
			args   []string
			code   int
			expect string
		}{
			{"superuser without input", withPw("admin-secret-42"), "", []string{"createsuperuser", "--no-input", "--username", "admin", "--email", "admin@example.com"}, 0, `Superuser "admin" created successfully.`},
			{"superuser again", withPw("admin-secret-42"), "", []string{"createsuperuser", "--no-input", "--username", "ADMIN"}, 1, forms.UsernameExists},
			{"no password in the environment", env, "", []string{"createsuperuser", "--no-input", "--username", "root2"}, 2, "LOCALLIBRARY_PASSWORD is not set"},
			{"interactive superuser", env, "boss\nboss@example.com\nsturdy-oak-2026\nsturdy-oak-2026\n", []string{"createsuperuser"}, 0, `Superuser "boss" created successfully.`},
			{"mismatched prompts", env, "x1\n\nsturdy-oak-2026\nsturdy-oak-2027\n", []string{"createsuperuser"}, 1, forms.PasswordMismatch},
			{"weak password", withPw("12345678"), "", []string{"createuser", "weakling"}, 1, "This password is too common."},
			{"invalid username", withPw("fine-password-1"), "", []string{"createuser", "bad name!"}, 1, forms.InvalidUsername},
			{"invalid email", withPw("fine-password-1"), "", []string{"createuser", "someone", "--email", "nope"}, 1, forms.InvalidEmail},
			{"unknown group", withPw("fine-password-1"), "", []string{"createuser", "someone", "--group", "Wizards"}, 1, `no group named "Wizards"`},
			{"librarian", withPw("shelves-and-stacks"), "", []string{"createuser", "libby", "--email", "libby@example.com", "--group", "Librarians", "--staff"}, 0, `User "libby" created successfully.`},
			{"member", withPw("quiet-reading-room"), "", []string{"createuser", "García-López.1", "--first-name", "Ana"}, 0, "created successfully"},
			{"change password", withPw("a-brand-new-phrase"), "", []string{"changepassword", "libby"}, 0, `Password changed successfully for user "libby".`},
			{"change unknown", withPw("a-brand-new-phrase"), "", []string{"changepassword", "ghost"}, 1, `user "ghost" does not exist`},
		}
		for _, tt := range tests {
			// In order: later cases count on the users the earlier ones created.
			t.Run(tt.name, func(t *testing.T) {
				code, out, stderr := runIn(tt.env, tt.stdin, tt.args...)
				if code != tt.code || !strings.Contains(out+stderr, tt.expect) {
					t.Errorf("exit %d, want %d with %q\n%s%s", code, tt.code, tt.expect, out, stderr)
				}
			})
		}
		a := apptest.NewApp(t, cfg)
		for _, login := range []struct{ user, password, perm string }{
			{"admin", "admin-secret-42", "catalog.delete_book"},
			{"boss", "sturdy-oak-2026", "catalog.can_mark_returned"},
			{"libby", "a-brand-new-phrase", "catalog.can_mark_returned"},
		} {
			t.Run(login.user, func(t *testing.T) {
				u, err := models.GetUserByUsername(context.Background(), a.DB.Gorm, login.user)
				if err != nil {
					t.Fatal(err)
				}
				perms, _ := models.UserPerms(context.Background(), a.DB.Gorm, u)
				if !perms.Has(login.perm) || !u.IsStaff {
					t.Errorf("staff=%v, %s=%v", u.IsStaff, login.perm, perms.Has(login.perm))
				}
				apptest.Status(t, apptest.NewClient(t, a).Login(login.user, login.password), 302)
			})
		}
		if _, err := models.GetUserByUsername(context.Background(), a.DB.Gorm, "x1"); err == nil {
			t.Error("a refused command created its user")
		}
	})
}

func TestSeedCreatesDemoAccounts(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		cfg := apptest.Config(t, dialect)
		env := map[string]string{"DATABASE_URL": cfg.DatabaseURL, "SECRET_KEY": cfg.SecretKey, "RUN_MIGRATIONS": "1"}
		code, out, stderr := runWith(env, "seed")
		creds := regexp.MustCompile(`Demo account created: username "(\w+)", password "([^"]+)"`).FindAllStringSubmatch(out, -1)
		if code != 0 || len(creds) != 2 {
			t.Fatalf("seed: exit %d\n%s%s", code, out, stderr)
		}
		if _, out, _ := runWith(env, "seed"); !strings.Contains(out, `Demo account "librarian" already exists`) {
			t.Errorf("second seed:\n%s", out)
		}
		a := apptest.NewApp(t, cfg)
		for _, c := range creds {
			if r := apptest.NewClient(t, a).Login(c[1], c[2]); r.Status != 302 {
				t.Errorf("%s cannot log in with the printed password", c[1])
			}
		}
		var onLoan []models.BookInstance
		a.DB.Gorm.Where("status = ?", models.StatusOnLoan).Preload("Borrower").Find(&onLoan)
		for _, bi := range onLoan {
			if bi.Borrower == nil || bi.Borrower.Username != "member" {
				t.Errorf("sample copy on loan %s should be borrowed by member", bi.ID)
			}
		}
	})
}
