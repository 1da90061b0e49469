// Command locallibrary runs the LocalLibrary website and its management commands.
//
//	locallibrary [serve]                       run the site (the default)
//	locallibrary migrate up|down [N]|status|create NAME
//	locallibrary seed [--books N]              load the sample catalog, or N synthetic books
//	locallibrary createsuperuser | createuser USERNAME | changepassword USERNAME
package main

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

	"locallibrary/app"
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
  createsuperuser [--no-input --username U --email E]
                              create an administrator (password from LOCALLIBRARY_PASSWORD or a prompt)
  createuser USERNAME [--email E] [--first-name F] [--last-name L] [--group NAME]... [--staff]
                              create a member or librarian (password from LOCALLIBRARY_PASSWORD or a prompt)
  changepassword USERNAME     set a user's password (from LOCALLIBRARY_PASSWORD or a prompt)
`

func main() {
	os.Exit(run(os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr))
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

// run executes one command and returns the process exit status. Failures print one line.
func run(args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	commands := map[string]func(context.Context, env, []string) error{
		"serve":           serve,
		"migrate":         migrate,
		"seed":            seedCmd,
		"createsuperuser": createSuperuser,
		"createuser":      createUser,
		"changepassword":  changePassword,
	}
	if cmd == "help" || cmd == "-h" || cmd == "--help" {
		fmt.Fprint(stdout, usage)
		return 0
	}
	fn, ok := commands[cmd]
	if !ok {
		fmt.Fprintf(stderr, "locallibrary: unknown command %q (run `locallibrary help`)\n", cmd)
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

func serve(ctx context.Context, e env, args []string) error {
	if len(args) > 0 {
		return usageError("serve takes no arguments")
	}
	db, err := database.Open(ctx, e.cfg)
	if err != nil {
		return err
	}
	a, err := app.New(ctx, e.cfg, db, e.log, e.stderr)
	if err != nil {
		db.Close()
		return err
	}
	errc := make(chan error, 1)
	go func() { errc <- a.Fiber.Listen(e.cfg.Addr) }()
	e.log.Info("LocalLibrary is serving", "addr", e.cfg.Addr, "database", db.Dialect, "debug", e.cfg.Debug)
	if e.cfg.SecretKey == config.InsecureDevelopmentKey {
		e.log.Warn("SECRET_KEY is not set: using the public development key; set SECRET_KEY before real use")
	}
	select {
	case err := <-errc:
		a.Close()
		return fmt.Errorf("listen %s: %w", e.cfg.Addr, err)
	case <-ctx.Done():
	}
	e.log.Info("shutting down", "timeout", e.cfg.ShutdownTimeout.String())
	return a.Shutdown(e.cfg.ShutdownTimeout)
}
