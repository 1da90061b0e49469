package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"time"

	"gorm.io/gorm"

	"locallibrary/models"
)

// Outcomes of Authenticate besides success and database errors.
var (
	// ErrInvalidCredentials: no active user has this username and password.
	ErrInvalidCredentials = errors.New("invalid credentials")
	// ErrThrottled: too many failed logins; the error is a *ThrottledError carrying the wait.
	ErrThrottled = errors.New("too many failed login attempts")
)

// ThrottledError says how long to wait before trying again; errors.Is(err, ErrThrottled) holds.
type ThrottledError struct {
	RetryAfter time.Duration
}

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("%v: retry after %s", ErrThrottled, e.RetryAfter)
}

// Is makes a ThrottledError match ErrThrottled.
func (e *ThrottledError) Is(target error) bool { return target == ErrThrottled }

// Authenticator checks credentials (Django's authenticate) and throttles repeated failures:
// more than Limit failures for one username from one address within Window, or five times as
// many from one address over all usernames, make that address wait.
type Authenticator struct {
	DB     *gorm.DB
	Log    *slog.Logger
	Limit  int
	Window time.Duration
}

// Authenticate returns the active user with these credentials, logging in from clientIP at now
// (counted as ClientKey(clientIP)).
// It re-hashes a password stored with an older scheme (such as Django's pbkdf2_sha256), records
// the login, and forgets the pair's failures. Refusals are ErrInvalidCredentials or a
// *ThrottledError; any other error is the database's.
func (a Authenticator) Authenticate(ctx context.Context, username, password, clientIP string, now time.Time) (models.User, error) {
	clientIP = ClientKey(clientIP)
	if blocked, err := a.throttled(ctx, username, clientIP, now); err != nil || blocked {
		if err != nil {
			return models.User{}, err
		}
		return models.User{}, &ThrottledError{RetryAfter: a.Window}
	}
	u, err := a.check(ctx, username, password)
	if err != nil {
		return u, err
	}
	if err := models.ClearLoginFailures(ctx, a.DB, username, clientIP); err != nil {
		return u, err
	}
	if err := models.TouchLastLogin(ctx, a.DB, u.ID, now); err != nil {
		return u, err
	}
	return u, nil
}

// throttled counts this attempt against the username from this address and reports whether the
// limit is passed. The attempt is recorded before the password is checked, so parallel guesses
// count too; a successful login clears the pair's record.
func (a Authenticator) throttled(ctx context.Context, username, ip string, now time.Time) (bool, error) {
	since := now.Add(-a.Window)
	limit := int64(a.Limit)
	over := func() (bool, error) {
		pair, fromAddress, err := models.CountLoginFailures(ctx, a.DB, username, ip, since)
		return pair > limit || fromAddress > 5*limit, err
	}
	if blocked, err := over(); err != nil || blocked {
		return blocked, err
	}
	if err := models.RecordLoginFailure(ctx, a.DB, username, ip, now, since); err != nil {
		return false, err
	}
	return over()
}

// check returns the active user with these credentials, upgrading an old hash.
func (a Authenticator) check(ctx context.Context, username, password string) (models.User, error) {
	u, err := models.GetUserByUsername(ctx, a.DB, username)
	if errors.Is(err, models.ErrNotFound) {
		WasteTime(password)
		return u, ErrInvalidCredentials
	}
	if err != nil {
		return u, err
	}
	if !Usable(u.Password) {
		// An account without a password answers as late as one with a wrong password.
		WasteTime(password)
		return u, ErrInvalidCredentials
	}
	ok, upgrade, err := CheckPassword(password, u.Password)
	if err != nil {
		WasteTime(password)
		a.Log.Warn("password check failed", "user", u.ID, "err", err)
		return u, ErrInvalidCredentials
	}
	if !ok || !u.IsActive {
		return u, ErrInvalidCredentials
	}
	if upgrade {
		hash, err := HashPassword(password)
		if err != nil {
			return u, err
		}
		if err := models.SetPasswordHash(ctx, a.DB, u.ID, hash); err != nil {
			return u, err
		}
		u.Password = hash
	}
	return u, nil
}

// ClientKey is the address a client's attempts are counted under: an IPv4 address as it is, an
// IPv6 address by its /64 network, since one subscriber usually holds a whole /64 and could
// otherwise try again from a fresh address each time. Anything else is returned unchanged.
func ClientKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	if a = a.Unmap(); a.Is4() {
		return a.String()
	}
	p, err := a.WithZone("").Prefix(64)
	if err != nil {
		return ip
	}
	return p.String()
}
