package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// ErrUserExists is returned when a username is taken (ignoring case).
var ErrUserExists = errors.New("a user with that username already exists")

// GetUserByUsername loads a user by username, ignoring case.
func GetUserByUsername(ctx context.Context, db *gorm.DB, username string) (User, error) {
	var u User
	err := db.WithContext(ctx).Where("casefold(username) = casefold(?)", username).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return u, ErrNotFound
	}
	if err != nil {
		return u, fmt.Errorf("get user %q: %w", username, err)
	}
	return u, nil
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
			return fmt.Errorf("create user: %w", err)
		}
		return addGroups(tx, u.ID, groups)
	})
}

// AddUserToGroups adds a user to the named groups (already a member: nothing changes).
func AddUserToGroups(ctx context.Context, db *gorm.DB, userID int64, groups ...string) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error { return addGroups(tx, userID, groups) })
}

func addGroups(tx *gorm.DB, userID int64, groups []string) error {
	for _, name := range groups {
		var g Group
		if err := tx.Where("name = ?", name).Take(&g).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return fmt.Errorf("no group named %q", name)
			}
			return fmt.Errorf("group %q: %w", name, err)
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

// LoginFailure is one failed login, kept for the throttling window.
type LoginFailure struct {
	ID       int64
	Username string
	Address  string
	At       time.Time
}

// TableName names the throttling table.
func (LoginFailure) TableName() string { return "auth_login_failure" }

// RecordLoginFailure stores a failed login and forgets those older than since.
func RecordLoginFailure(ctx context.Context, db *gorm.DB, username, address string, at, since time.Time) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("at < ?", since.UTC()).Delete(&LoginFailure{}).Error; err != nil {
			return fmt.Errorf("forget old login failures: %w", err)
		}
		f := LoginFailure{Username: strings.ToLower(username), Address: address, At: at.UTC()}
		if err := tx.Create(&f).Error; err != nil {
			return fmt.Errorf("record login failure: %w", err)
		}
		return nil
	})
}

// CountLoginFailures counts the failures since a time, for this username from this address and
// from this address for any username.
func CountLoginFailures(ctx context.Context, db *gorm.DB, username, address string, since time.Time) (pair, fromAddress int64, err error) {
	var c struct{ Pair, FromAddress int64 }
	err = db.WithContext(ctx).Raw(`SELECT
		(SELECT count(*) FROM auth_login_failure WHERE username = ? AND address = ? AND at >= ?) AS pair,
		(SELECT count(*) FROM auth_login_failure WHERE address = ? AND at >= ?) AS from_address`,
		strings.ToLower(username), address, since.UTC(), address, since.UTC()).Scan(&c).Error
	if err != nil {
		return 0, 0, fmt.Errorf("count login failures: %w", err)
	}
	return c.Pair, c.FromAddress, nil
}

// ClearLoginFailures forgets the failures of this username from this address (after a success).
func ClearLoginFailures(ctx context.Context, db *gorm.DB, username, address string) error {
	err := db.WithContext(ctx).Where("username = ? AND address = ?", strings.ToLower(username), address).Delete(&LoginFailure{}).Error
	if err != nil {
		return fmt.Errorf("clear login failures: %w", err)
	}
	return nil
}
