package models

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// User is an account: a member, a librarian or an administrator (django.contrib.auth's User).
type User struct {
	ID          int64
	Password    string
	LastLogin   *time.Time
	IsSuperuser bool
	Username    string
	FirstName   string
	LastName    string
	Email       string
	IsStaff     bool
	IsActive    bool
	DateJoined  time.Time
	Groups      []Group `gorm:"many2many:auth_user_groups;joinForeignKey:user_id;joinReferences:group_id"`
	// Version moves on with every change through the admin's form, so that a form saved after
	// someone else's change is refused (a password or a login does not move it).
	Version int `gorm:"default:1"`
}

// TableName keeps Django's table name.
func (User) TableName() string { return "auth_user" }

// String returns the username.
func (u User) String() string { return u.Username }

// FullName returns "First Last", or the username when both are blank.
func (u User) FullName() string {
	if n := strings.TrimSpace(u.FirstName + " " + u.LastName); n != "" {
		return n
	}
	return u.Username
}

// Group is a named set of permissions, such as "Librarians".
type Group struct {
	ID          int64
	Name        string
	Permissions []Permission `gorm:"many2many:auth_group_permissions;joinForeignKey:group_id;joinReferences:permission_id"`
	// Version moves on with every change of the name or the permissions.
	Version int `gorm:"default:1"`
}

// TableName keeps Django's table name.
func (Group) TableName() string { return "auth_group" }

// Permission is a right such as catalog.add_author or catalog.can_mark_returned.
type Permission struct {
	ID       int64
	Name     string
	AppLabel string
	Codename string
}

// TableName keeps Django's table name.
func (Permission) TableName() string { return "auth_permission" }

// ErrUserExists is returned when a username is taken (ignoring case).
var ErrUserExists = errors.New("a user with that username already exists")

// GetUserByUsername loads a user by username, ignoring case.
func GetUserByUsername(ctx context.Context, db *gorm.DB, username string) (User, error) {
	var u User
	return u, Take(db.WithContext(ctx).Where("casefold(username) = casefold(?)", username), &u, "user", username)
}

// ActiveUsersByEmail lists the active users with this e-mail address, ignoring case.
func ActiveUsersByEmail(ctx context.Context, db *gorm.DB, email string) ([]User, error) {
	var users []User
	err := db.WithContext(ctx).Where("casefold(email) = casefold(?) AND is_active", strings.TrimSpace(email)).Order("id").Find(&users).Error
	if err != nil {
		return nil, fmt.Errorf("users by e-mail: %w", err)
	}
	return users, nil
}

// CreateUser inserts u (whose Password is already hashed) and adds it to the named groups.
func CreateUser(ctx context.Context, db *gorm.DB, u *User, groups ...string) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := insertUser(tx, u); err != nil {
			return err
		}
		return addGroups(tx, u.ID, groups)
	})
}

// AddUser inserts u (whose Password is already hashed), in no group, and records who added it.
// A username taken, ignoring case, gives ErrUserExists.
func AddUser(ctx context.Context, db *gorm.DB, u *User, ch Change) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := insertUser(tx, u); err != nil {
			return err
		}
		return logAction(tx, ch, ActionAddition, ContentUser, strconv.FormatInt(u.ID, 10), u.Username)
	})
}

// insertUser inserts u unless its username is taken, ignoring case (the unique index refuses a
// concurrent one too).
func insertUser(tx *gorm.DB, u *User) error {
	var n int64
	if err := tx.Model(&User{}).Where("casefold(username) = casefold(?)", u.Username).Count(&n).Error; err != nil {
		return fmt.Errorf("create user: %w", err)
	}
	if n > 0 {
		return ErrUserExists
	}
	if u.DateJoined.IsZero() {
		u.DateJoined = time.Now().UTC()
	}
	if err := tx.Omit(clause.Associations).Create(u).Error; err != nil {
		if errors.Is(constraintError(tx, err, err, "create user"), ErrDuplicate) {
			return ErrUserExists
		}
		return fmt.Errorf("create user: %w", err)
	}
	return nil
}

func addGroups(tx *gorm.DB, userID int64, groups []string) error {
	for _, name := range groups {
		var g Group
		if err := Take(tx.Where("name = ?", name), &g, "group", name); err != nil {
			if errors.Is(err, ErrNotFound) {
				return fmt.Errorf("no group named %q", name)
			}
			return err
		}
		err := tx.Exec("INSERT INTO auth_user_groups (user_id, group_id) VALUES (?, ?) ON CONFLICT DO NOTHING", userID, g.ID).Error
		if err != nil {
			return fmt.Errorf("add user %d to %q: %w", userID, name, err)
		}
	}
	return nil
}

// SetPasswordHash stores a new password hash for the user.
func SetPasswordHash(ctx context.Context, db *gorm.DB, userID int64, hash string) error {
	if err := db.WithContext(ctx).Model(&User{}).Where("id = ?", userID).Update("password", hash).Error; err != nil {
		return fmt.Errorf("set password of user %d: %w", userID, err)
	}
	return nil
}

// TouchLastLogin records a successful login.
func TouchLastLogin(ctx context.Context, db *gorm.DB, userID int64, at time.Time) error {
	if err := db.WithContext(ctx).Model(&User{}).Where("id = ?", userID).Update("last_login", at.UTC()).Error; err != nil {
		return fmt.Errorf("last login of user %d: %w", userID, err)
	}
	return nil
}

// GetUser loads a user by id.
func GetUser(ctx context.Context, db *gorm.DB, id int64) (User, error) {
	var u User
	return u, Take(db.WithContext(ctx).Where("id = ?", id), &u, "user", id)
}

// ActiveMembers lists up to limit active users by username, to suggest borrowers.
func ActiveMembers(ctx context.Context, db *gorm.DB, limit int) ([]User, error) {
	var users []User
	if err := db.WithContext(ctx).Where("is_active").Order("username").Limit(limit).Find(&users).Error; err != nil {
		return nil, fmt.Errorf("active members: %w", err)
	}
	return users, nil
}
