package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"golang.org/x/term"

	"locallibrary/app/auth"
	"locallibrary/app/database"
	"locallibrary/models"
)

// passwordEnv carries a password to the user commands without a prompt, as Django's
// DJANGO_SUPERUSER_PASSWORD.
const passwordEnv = "LOCALLIBRARY_PASSWORD"

// prompter asks questions on the terminal, or reads answers line by line from a pipe.
type prompter struct {
	in       io.Reader
	lines    *bufio.Reader
	out      io.Writer
	terminal bool
}

func newPrompter(in io.Reader, out io.Writer) *prompter {
	f, ok := in.(*os.File)
	return &prompter{in: in, lines: bufio.NewReader(in), out: out, terminal: ok && term.IsTerminal(int(f.Fd()))}
}

func (p *prompter) ask(question string) (string, error) {
	fmt.Fprint(p.out, question)
	line, err := p.lines.ReadString('\n')
	if err != nil && (err != io.EOF || line == "") {
		return "", errors.New("no answer on standard input")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func (p *prompter) secret(question string) (string, error) {
	if !p.terminal {
		return p.ask(question)
	}
	fmt.Fprint(p.out, question)
	b, err := term.ReadPassword(int(p.in.(*os.File).Fd()))
	fmt.Fprintln(p.out)
	return string(b), err
}

var validUsername = regexp.MustCompile(`^[\p{L}\p{N}@.+\-_]{1,150}$`)

// checkUsername applies Django's username rules.
func checkUsername(name string) error {
	if !validUsername.MatchString(name) {
		return errors.New("enter a valid username: up to 150 letters, digits and @/./+/-/_ characters")
	}
	return nil
}

func checkEmail(email string) error {
	if email == "" {
		return nil
	}
	at := strings.LastIndex(email, "@")
	if at < 1 || !strings.Contains(email[at+1:], ".") || strings.ContainsAny(email, " <>\r\n") {
		return fmt.Errorf("enter a valid email address: %q", email)
	}
	return nil
}

// newPassword takes the password from LOCALLIBRARY_PASSWORD or asks for it twice, and checks
// it with Django's validators.
func newPassword(e env, user auth.UserAttributes, noInput bool) (string, error) {
	pw := e.getenv(passwordEnv)
	if pw == "" {
		if noInput {
			return "", usageError("%s is not set", passwordEnv)
		}
		var err error
		if pw, err = e.stdin.secret("Password: "); err != nil {
			return "", err
		}
		again, err := e.stdin.secret("Password (again): ")
		if err != nil {
			return "", err
		}
		if pw != again {
			return "", errors.New("your passwords didn't match")
		}
	}
	if msgs := auth.ValidatePassword(pw, user); len(msgs) > 0 {
		return "", errors.New("password refused: " + strings.Join(msgs, " "))
	}
	return auth.HashPassword(pw)
}

// openCurrent opens the database and checks its schema is current (migrating first when
// RUN_MIGRATIONS is set).
func openCurrent(ctx context.Context, e env) (*database.DB, error) {
	db, err := database.Open(ctx, e.cfg)
	if err != nil {
		return nil, err
	}
	m, err := database.NewMigrator(db)
	if err == nil {
		if e.cfg.RunMigrations {
			err = m.Up(ctx, io.Discard)
		} else {
			err = m.EnsureCurrent(ctx)
		}
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func createSuperuser(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("createsuperuser", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	noInput := fs.Bool("no-input", false, "")
	username := fs.String("username", "", "")
	email := fs.String("email", "", "")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return usageError("createsuperuser takes [--no-input] [--username U] [--email E]")
	}
	var err error
	if *username == "" {
		if *noInput {
			return usageError("createsuperuser --no-input needs --username")
		}
		if *username, err = e.stdin.ask("Username: "); err != nil {
			return err
		}
	}
	if *email == "" && !*noInput {
		if *email, err = e.stdin.ask("Email address: "); err != nil {
			return err
		}
	}
	u := models.User{Username: strings.TrimSpace(*username), Email: strings.TrimSpace(*email), IsActive: true, IsStaff: true, IsSuperuser: true}
	return addUser(ctx, e, u, nil, *noInput, "Superuser")
}

// groupFlags collects repeated --group values.
type groupFlags []string

func (g *groupFlags) String() string     { return strings.Join(*g, ",") }
func (g *groupFlags) Set(v string) error { *g = append(*g, v); return nil }

func createUser(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usageError("createuser needs a USERNAME first")
	}
	fs := flag.NewFlagSet("createuser", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	email := fs.String("email", "", "")
	first := fs.String("first-name", "", "")
	last := fs.String("last-name", "", "")
	staff := fs.Bool("staff", false, "")
	var groups groupFlags
	fs.Var(&groups, "group", "")
	if err := fs.Parse(args[1:]); err != nil || fs.NArg() > 0 {
		return usageError("createuser USERNAME [--email E] [--first-name F] [--last-name L] [--group NAME]... [--staff]")
	}
	u := models.User{Username: strings.TrimSpace(args[0]), Email: strings.TrimSpace(*email), FirstName: *first, LastName: *last,
		IsActive: true, IsStaff: *staff}
	return addUser(ctx, e, u, groups, false, "User")
}

func addUser(ctx context.Context, e env, u models.User, groups []string, noInput bool, what string) error {
	if err := checkUsername(u.Username); err != nil {
		return err
	}
	if err := checkEmail(u.Email); err != nil {
		return err
	}
	db, err := openCurrent(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := models.GetUserByUsername(ctx, db.Gorm, u.Username); err == nil {
		return fmt.Errorf("that username is already taken: %q", u.Username)
	} else if !errors.Is(err, models.ErrNotFound) {
		return err
	}
	if u.Password, err = newPassword(e, auth.UserAttributes{Username: u.Username, FirstName: u.FirstName, LastName: u.LastName, Email: u.Email}, noInput); err != nil {
		return err
	}
	if err := models.CreateUser(ctx, db.Gorm, &u, groups...); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s %q created successfully.\n", what, u.Username)
	return nil
}

func changePassword(ctx context.Context, e env, args []string) error {
	if len(args) != 1 {
		return usageError("changepassword needs one USERNAME")
	}
	db, err := openCurrent(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := models.GetUserByUsername(ctx, db.Gorm, args[0])
	if errors.Is(err, models.ErrNotFound) {
		return fmt.Errorf("user %q does not exist", args[0])
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "Changing password for user %q\n", u.Username)
	hash, err := newPassword(e, auth.UserAttributes{Username: u.Username, FirstName: u.FirstName, LastName: u.LastName, Email: u.Email}, false)
	if err != nil {
		return err
	}
	if err := models.SetPasswordHash(ctx, db.Gorm, u.ID, hash); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Password changed successfully for user %q.\n", u.Username)
	return nil
}
