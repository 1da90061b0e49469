// Package cli is LocalLibrary's command line, as Django's manage.py: Run dispatches to one
// command per file (serve, migrate, seed, the user commands, export, import, notify and check). A new command is a file with its
// function and a line in commands and usage.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"locallibrary/app/database"
	"locallibrary/config"
)

const usage = `usage: locallibrary [command]

commands:
  serve                       run the website (default)
  migrate up                  apply pending migrations
  migrate down [VERSION]      roll back the newest migration, or down to VERSION (0: all)
  migrate status              list migrations and whether they are applied
  migrate create NAME         write a new pair of migration files under ./migrations
  seed [--books N]            load the sample catalog and demo accounts, or N synthetic books
  seed --loans N              add N synthetic returned loans of the copies, and an open loan per copy on loan
  createsuperuser [--no-input --username U --email E]
                              create an administrator (password from LOCALLIBRARY_PASSWORD or a prompt)
  createuser USERNAME [--email E] [--first-name F] [--last-name L] [--group NAME]... [--staff]
                              create a member or librarian (password from LOCALLIBRARY_PASSWORD or a prompt)
  changepassword USERNAME     set a user's password (from LOCALLIBRARY_PASSWORD or a prompt)
  export books|copies [FILE]  write the books or copies as CSV to FILE (default, or -: stdout)
  import books|copies FILE [--dry-run]
                              import a CSV file: all rows or none; --dry-run only checks it
  holds BOOK                  list the holds on a book (by id or ISBN): ready for pickup, then the queue
  notify [--dry-run]          send the due hold and overdue notices, each once; --dry-run only lists them
  check [--deploy]            check the configuration; --deploy: for production, as serve does without DEBUG
`

// command runs one command with its arguments (after the command's name).
type command func(ctx context.Context, e env, args []string) error

// commands maps each command's name to its function.
func commands() map[string]command {
	return map[string]command{
		"serve":           serve,
		"migrate":         migrate,
		"seed":            seedCatalog,
		"createsuperuser": createSuperuser,
		"createuser":      createUser,
		"changepassword":  changePassword,
		"export":          exportCSV,
		"import":          importCSV,
		"notify":          notify,
		"check":           check,
		"holds":           holdsQueue,
	}
}

// env is what every command receives.
type env struct {
	cfg    config.Config
	log    *slog.Logger
	stdin  *prompter
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
}

// Run executes the command named by args[0] ("serve" when there is none) and returns the
// process exit status: 0, 1 when the command failed, 2 for a usage or configuration error.
// Failures print one line on stderr.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	name := "serve"
	if len(args) > 0 {
		name, args = args[0], args[1:]
	}
	if name == "help" || name == "-h" || name == "--help" {
		fmt.Fprint(stdout, usage)
		return 0
	}
	fn, ok := commands()[name]
	if !ok {
		fmt.Fprintf(stderr, "locallibrary: unknown command %q (run `locallibrary help`)\n", name)
		return 2
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		fmt.Fprintln(stderr, "locallibrary:", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := env{cfg: cfg, log: newLogger(cfg, stderr), stdin: newPrompter(stdin, stderr), stdout: stdout, stderr: stderr, getenv: getenv}
	if err := fn(ctx, e, args); err != nil {
		fmt.Fprintln(stderr, "locallibrary:", oneLine(err))
		if errors.Is(err, errUsage) {
			return 2
		}
		return 1
	}
	return 0
}

var errUsage = errors.New("usage")

// usageError is a mistake in the command line (exit status 2).
func usageError(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errUsage}, args...)...)
}

func oneLine(err error) string {
	return strings.Join(strings.Fields(strings.TrimPrefix(err.Error(), "usage: ")), " ")
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	if cfg.Debug {
		return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewJSONHandler(w, nil))
}

// openCurrent opens the database with its schema current (migrating first when RUN_MIGRATIONS
// is set), for the commands that read or write data.
func openCurrent(ctx context.Context, e env) (*database.DB, error) {
	db, err := database.Open(ctx, e.unlimited())
	if err != nil {
		return nil, err
	}
	if err := database.EnsureSchema(ctx, db, e.cfg.RunMigrations, io.Discard); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// unlimited is the configuration for the operator commands: without a request deadline the
// database sets no statement or lock timeouts, so a migration or a large seed takes as long as it
// needs (Ctrl-C stops it).
func (e env) unlimited() config.Config {
	cfg := e.cfg
	cfg.RequestTimeout = 0
	return cfg
}
