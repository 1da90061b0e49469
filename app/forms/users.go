package forms

import (
	"regexp"
	"strings"

	"locallibrary/app/auth"
	"locallibrary/models"
)

// Django's user form messages.
const (
	InvalidUsername = "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters."
	UsernameExists  = "A user with that username already exists."
)

// validUsername is Django's UnicodeUsernameValidator with the username's max_length of 150.
var validUsername = regexp.MustCompile(`^[\p{L}\p{N}@.+\-_]{1,150}$`)

// UserCreation is Django's UserCreationForm, with the e-mail address and names its admin page
// asks for too. The createuser and createsuperuser commands fill it from flags and prompts.
type UserCreation struct {
	Username, Email, FirstName, LastName string
	Password1, Password2                 string
	Errors                               Errors
}

// ValidateAccount checks the username and the optional e-mail address and names, so that a
// command can refuse them before asking for a password.
func (f *UserCreation) ValidateAccount() bool {
	f.Errors = Errors{}
	f.Username = required(f.Errors, "username", f.Username)
	if f.Username != "" && !validUsername.MatchString(f.Username) {
		f.Errors.Add("username", InvalidUsername)
	}
	f.Email = strings.TrimSpace(f.Email)
	if f.Email != "" && !ValidEmail(f.Email) {
		f.Errors.Add("email", InvalidEmail)
	}
	maxLen(f.Errors, "email", f.Email, 254)
	maxLen(f.Errors, "first_name", f.FirstName, 150)
	maxLen(f.Errors, "last_name", f.LastName, 150)
	return !f.Errors.Any()
}

// Validate checks the account fields, then the password typed twice against them.
func (f *UserCreation) Validate() bool {
	f.ValidateAccount()
	newPasswords(f.Errors, "password1", "password2", f.Password1, f.Password2, auth.AttributesOf(f.User()))
	return !f.Errors.Any()
}

// UsernameTaken records that another user has this username (ignoring case).
func (f *UserCreation) UsernameTaken() {
	f.Errors.Add("username", UsernameExists)
}

// User returns the active account the form describes, without its password.
func (f *UserCreation) User() models.User {
	return models.User{Username: f.Username, Email: f.Email, FirstName: f.FirstName, LastName: f.LastName, IsActive: true}
}
