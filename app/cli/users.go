package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"locallibrary/app/auth"
	"locallibrary/app/forms"
	"locallibrary/models"
)

// passwordEnv carries a password to the user commands without a prompt, as Django's
// DJANGO_SUPERUSER_PASSWORD.
const passwordEnv = "LOCALLIBRARY_PASSWORD"

// createSuperuser creates an administrator (Django's createsuperuser).
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
	f := forms.UserCreation{Username: *username, Email: *email}
	return addUser(ctx, e, &f, userKind{staff: true, superuser: true, noInput: *noInput, what: "Superuser"})
}

// groupFlags collects repeated --group values.
type groupFlags []string

func (g *groupFlags) String() string     { return strings.Join(*g, ",") }
func (g *groupFlags) Set(v string) error { *g = append(*g, v); return nil }

// createUser creates a member, or a librarian with --group Librarians --staff.
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
	f := forms.UserCreation{Username: args[0], Email: *email, FirstName: *first, LastName: *last}
	return addUser(ctx, e, &f, userKind{staff: *staff, groups: groups, what: "User"})
}

// userKind is what the creating command adds to the form's account.
type userKind struct {
	staff, superuser, noInput bool
	groups                    []string
	what                      string
}

// addUser checks the account, asks for its password, checks everything with the form and
// creates the user.
func addUser(ctx context.Context, e env, f *forms.UserCreation, kind userKind) error {
	if !f.ValidateAccount() {
		return formError(f.Errors)
	}
	db, err := openCurrent(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := models.GetUserByUsername(ctx, db.Gorm, f.Username); err == nil {
		f.UsernameTaken()
		return formError(f.Errors)
	} else if !errors.Is(err, models.ErrNotFound) {
		return err
	}
	if f.Password1, f.Password2, err = readPassword(e, kind.noInput); err != nil {
		return err
	}
	if !f.Validate() {
		return formError(f.Errors)
	}
	u := f.User()
	u.IsStaff, u.IsSuperuser = kind.staff, kind.superuser
	if u.Password, err = auth.HashPassword(f.Password1); err != nil {
		return err
	}
	err = models.CreateUser(ctx, db.Gorm, &u, kind.groups...)
	if errors.Is(err, models.ErrUserExists) {
		f.UsernameTaken()
		return formError(f.Errors)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s %q created successfully.\n", kind.what, u.Username)
	return nil
}

// changePassword sets a user's password (Django's changepassword).
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
	var f forms.SetPassword
	if f.NewPassword1, f.NewPassword2, err = readPassword(e, false); err != nil {
		return err
	}
	if !f.Validate(auth.AttributesOf(u)) {
		return formError(f.Errors)
	}
	hash, err := auth.HashPassword(f.NewPassword1)
	if err != nil {
		return err
	}
	if err := models.SetPasswordHash(ctx, db.Gorm, u.ID, hash); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Password changed successfully for user %q.\n", u.Username)
	return nil
}

// readPassword returns the password from LOCALLIBRARY_PASSWORD (twice, for the form), or
// asks for it twice.
func readPassword(e env, noInput bool) (string, string, error) {
	if pw := e.getenv(passwordEnv); pw != "" {
		return pw, pw, nil
	}
	if noInput {
		return "", "", usageError("%s is not set", passwordEnv)
	}
	pw, err := e.stdin.secret("Password: ")
	if err != nil {
		return "", "", err
	}
	again, err := e.stdin.secret("Password (again): ")
	return pw, again, err
}

// formError turns a form's errors into the command's one-line error.
func formError(errs forms.Errors) error {
	return errors.New(strings.Join(errs.Messages(), " "))
}
