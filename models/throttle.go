package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

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
