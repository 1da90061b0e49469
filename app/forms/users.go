package forms

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"locallibrary/app/auth"
	"locallibrary/models"
)

// Django's user form messages.
const (
	InvalidUsername = "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters."
	UsernameExists  = "A user with that username already exists."
)

// validUsername is Django's UnicodeUsernameValidator; the username's max_length of 150 is
// checked apart, with its own message.
var validUsername = regexp.MustCompile(`^[\p{L}\p{N}@.+\-_]+$`)

// UserCreation is Django's UserCreationForm, with the e-mail address and names its admin page
// asks for too. The createuser and createsuperuser commands fill it from flags and prompts.
type UserCreation struct {
	Username, Email, FirstName, LastName string
	Password1, Password2                 string
	Errors                               Errors
	// privileged is set when the submission carries a flag or group field.
	privileged bool
}

// ValidateAccount checks the username and the optional e-mail address and names, so that a
// command can refuse them before asking for a password.
func (f *UserCreation) ValidateAccount() bool {
	f.Errors = Errors{}
	f.Username = required(f.Errors, "username", f.Username)
	if f.Username != "" && !validUsername.MatchString(f.Username) {
		f.Errors.Add("username", InvalidUsername)
	}
	maxLen(f.Errors, "username", f.Username, 150)
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

// NewUserCreation reads the submitted add-user form of the admin.
func NewUserCreation(c *fiber.Ctx) UserCreation {
	return UserCreation{Username: value(c, "username"), Email: value(c, "email"), FirstName: value(c, "first_name"),
		LastName: value(c, "last_name"), Password1: value(c, "password1"), Password2: value(c, "password2"),
		privileged: privilegedSubmitted(c)}
}

// Privileged reports whether the submission tries to set the staff or superuser flag or the
// groups, which the add form does not offer and only a superuser may set.
func (f *UserCreation) Privileged() bool { return f.privileged }

// Messages of the admin's user form.
const (
	OwnSuperuser = "You cannot remove your own superuser status."
	OwnActive    = "You cannot deactivate your own account."
	OwnStaff     = "You cannot remove your own staff status: without it you could not open the admin."
)

// UserChange is the admin's user change form (Django's UserChangeForm): names, e-mail address
// and the active flag for whoever may change the account; the staff and superuser flags and the
// groups for superusers only.
type UserChange struct {
	FirstName, LastName, Email     string
	IsActive, IsStaff, IsSuperuser bool
	// Groups holds the ids of the groups ticked.
	Groups []string
	// Version is the account's version when the form was opened (a hidden field).
	Version  string
	Errors   Errors
	Conflict Conflict
	groupIDs []int64
	// privileged is set when the submission carries a flag or group field.
	privileged bool
}

// privilegedFields are the fields only a superuser may submit.
var privilegedFields = []string{"is_staff", "is_superuser", "groups"}

// NewUserChange reads the submitted user change form.
func NewUserChange(c *fiber.Ctx) UserChange {
	f := UserChange{FirstName: value(c, "first_name"), LastName: value(c, "last_name"), Email: value(c, "email"),
		IsActive: value(c, "is_active") != "", IsStaff: value(c, "is_staff") != "", IsSuperuser: value(c, "is_superuser") != "",
		Groups: values(c, "groups"), Version: value(c, "version"), privileged: privilegedSubmitted(c)}
	return f
}

// privilegedSubmitted reports whether the submission carries a field only superusers may set.
func privilegedSubmitted(c *fiber.Ctx) bool {
	for _, name := range privilegedFields {
		if submitted(c, name) {
			return true
		}
	}
	return false
}

// InitialUserChange is the form for u as stored, with its groups loaded.
func InitialUserChange(u models.User) UserChange {
	f := UserChange{FirstName: u.FirstName, LastName: u.LastName, Email: u.Email, IsActive: u.IsActive, IsStaff: u.IsStaff,
		IsSuperuser: u.IsSuperuser, Version: strconv.Itoa(u.Version)}
	for _, g := range u.Groups {
		f.Groups = append(f.Groups, strconv.FormatInt(g.ID, 10))
	}
	return f
}

// Privileged reports whether the submission tries to set the staff or superuser flag or the
// groups, which only a superuser may.
func (f *UserChange) Privileged() bool { return f.privileged }

// Validate checks the names (at most 150 characters), the e-mail address and the groups, and,
// when actor edits their own account, that they keep their superuser and staff status and stay
// active.
func (f *UserChange) Validate(actor, target models.User) bool {
	f.Errors = Errors{}
	f.Email = strings.TrimSpace(f.Email)
	if f.Email != "" && !ValidEmail(f.Email) {
		f.Errors.Add("email", InvalidEmail)
	}
	maxLen(f.Errors, "email", f.Email, 254)
	maxLen(f.Errors, "first_name", f.FirstName, 150)
	maxLen(f.Errors, "last_name", f.LastName, 150)
	ids, bad := ids(f.Groups)
	for _, v := range bad {
		f.Errors.Add("groups", "Select a valid choice. "+v+" is not one of the available choices.")
	}
	f.groupIDs = ids
	if actor.ID == target.ID {
		if target.IsSuperuser && !f.IsSuperuser {
			f.Errors.Add("is_superuser", OwnSuperuser)
		}
		if !f.IsActive {
			f.Errors.Add("is_active", OwnActive)
		}
		if target.IsStaff && !f.IsStaff {
			f.Errors.Add("is_staff", OwnStaff)
		}
	}
	return !f.Errors.Any()
}

// GroupIDs returns the ids of the groups ticked (after Validate).
func (f *UserChange) GroupIDs() []int64 { return f.groupIDs }

// UnknownGroups records the group ids chosen that are not among found.
func (f *UserChange) UnknownGroups(found []int64) {
	for _, id := range f.groupIDs {
		if !slices.Contains(found, id) {
			f.Errors.Add("groups", "Select a valid choice. "+strconv.FormatInt(id, 10)+" is not one of the available choices.")
		}
	}
}

// GroupChecked reports whether the group id is ticked.
func (f UserChange) GroupChecked(id int64) bool {
	return slices.Contains(f.Groups, strconv.FormatInt(id, 10))
}

// Edit is what the valid form saves on target: the flags and groups too when superuser (the
// actor is one), the stored ones otherwise.
func (f *UserChange) Edit(target models.User, superuser bool) models.UserEdit {
	u := target
	u.FirstName, u.LastName, u.Email, u.IsActive = f.FirstName, f.LastName, f.Email, f.IsActive
	u.Version = version(f.Version)
	if !superuser {
		return models.UserEdit{User: u}
	}
	u.IsStaff, u.IsSuperuser = f.IsStaff, f.IsSuperuser
	return models.UserEdit{User: u, SetGroups: true, GroupIDs: f.groupIDs}
}

// Fields lists the form's values under their labels.
func (f *UserChange) Fields() []Field {
	groups := slices.Clone(f.Groups)
	slices.Sort(groups)
	return []Field{{"First name", f.FirstName}, {"Last name", f.LastName}, {"Email address", f.Email},
		{"Active", strconv.FormatBool(f.IsActive)}, {"Staff status", strconv.FormatBool(f.IsStaff)},
		{"Superuser status", strconv.FormatBool(f.IsSuperuser)}, {"Groups", strings.Join(groups, ",")}}
}

// Changed lists the labels of the fields e changes on the stored account (with its groups).
func (f *UserChange) Changed(stored models.User, e models.UserEdit) []string {
	after := InitialUserChange(e.User)
	after.Groups = nil
	for _, id := range e.GroupIDs {
		after.Groups = append(after.Groups, strconv.FormatInt(id, 10))
	}
	if !e.SetGroups {
		after.Groups = InitialUserChange(stored).Groups
	}
	before := InitialUserChange(stored)
	return changedLabels(before.Fields(), after.Fields())
}

// ChangedMeanwhile turns the form into current, the account as someone else just saved it (with
// its groups), keeping the user's values aside in Conflict.
func (f *UserChange) ChangedMeanwhile(current models.User) {
	mine := f.Fields()
	*f = InitialUserChange(current)
	f.Errors = Errors{}
	f.Conflict = conflict(f.Errors, "account", mine, f.Fields())
}

// Group is the admin's group form: a name and permissions.
type Group struct {
	Name string
	// Permissions holds the ids of the permissions ticked.
	Permissions []string
	// Version is the group's version when the form was opened (a hidden field).
	Version  string
	Errors   Errors
	Conflict Conflict
	permIDs  []int64
}

// GroupExists is Django's message for a group name taken.
const GroupExists = "Group with this Name already exists."

// NewGroup reads the submitted group form.
func NewGroup(c *fiber.Ctx) Group {
	return Group{Name: value(c, "name"), Permissions: values(c, "permissions"), Version: value(c, "version")}
}

// InitialGroup is the form for g as stored, with its permissions loaded.
func InitialGroup(g models.Group) Group {
	f := Group{Name: g.Name, Version: strconv.Itoa(g.Version)}
	for _, p := range g.Permissions {
		f.Permissions = append(f.Permissions, strconv.FormatInt(p.ID, 10))
	}
	return f
}

// Validate checks the name (required, at most 150 characters) and the permissions.
func (f *Group) Validate() bool {
	f.Errors = Errors{}
	f.Name = required(f.Errors, "name", f.Name)
	maxLen(f.Errors, "name", f.Name, 150)
	ids, bad := ids(f.Permissions)
	for _, v := range bad {
		f.Errors.Add("permissions", "Select a valid choice. "+v+" is not one of the available choices.")
	}
	f.permIDs = ids
	return !f.Errors.Any()
}

// PermissionIDs returns the ids of the permissions ticked (after Validate).
func (f *Group) PermissionIDs() []int64 { return f.permIDs }

// PermissionChecked reports whether the permission id is ticked.
func (f Group) PermissionChecked(id int64) bool {
	return slices.Contains(f.Permissions, strconv.FormatInt(id, 10))
}

// UnknownPermissions records the permission ids chosen that are not among found.
func (f *Group) UnknownPermissions(found []int64) {
	for _, id := range f.permIDs {
		if !slices.Contains(found, id) {
			f.Errors.Add("permissions", "Select a valid choice. "+strconv.FormatInt(id, 10)+" is not one of the available choices.")
		}
	}
}

// Group returns the group the valid form describes, with id (0 for a new one).
func (f *Group) Group(id int64) models.Group {
	return models.Group{ID: id, Name: f.Name, Version: version(f.Version)}
}

// ChangedMeanwhile turns the form into current, the group as someone else just saved it (with
// its permissions), keeping the user's values aside in Conflict.
func (f *Group) ChangedMeanwhile(current models.Group) {
	mine := f.fields()
	*f = InitialGroup(current)
	f.Errors = Errors{}
	f.Conflict = conflict(f.Errors, "group", mine, f.fields())
}

// NameTaken records that another group has this name.
func (f *Group) NameTaken() { f.Errors.Add("name", GroupExists) }

// Changed lists the labels of the fields that differ from the stored group.
func (f *Group) Changed(stored models.Group) []string {
	before := InitialGroup(stored)
	return changedLabels(before.fields(), f.fields())
}

func (f *Group) fields() []Field {
	perms := make([]string, len(f.permIDs))
	for i, id := range f.permIDs {
		perms[i] = strconv.FormatInt(id, 10)
	}
	if f.permIDs == nil {
		perms = slices.Clone(f.Permissions)
	}
	slices.Sort(perms)
	return []Field{{"Name", f.Name}, {"Permissions", strings.Join(perms, ",")}}
}
