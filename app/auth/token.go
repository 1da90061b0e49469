package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"locallibrary/models"
)

// TokenUser is what a password reset token is bound to. Changing the password or logging in
// changes it, which makes every earlier token invalid: a token works once.
type TokenUser struct {
	ID           int64
	PasswordHash string
	LastLogin    *time.Time
	Email        string
}

// TokenUserOf returns what a reset token for u is bound to.
func TokenUserOf(u models.User) TokenUser {
	return TokenUser{ID: u.ID, PasswordHash: u.Password, LastLogin: u.LastLogin, Email: u.Email}
}

// epoch is the start of the timestamps in tokens, as Django's PasswordResetTokenGenerator.
var epoch = time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)

// MakeResetToken returns a token "<base36 seconds>-<signature>" for u, valid from now.
func MakeResetToken(secret string, u TokenUser, now time.Time) string {
	ts := int64(now.Sub(epoch) / time.Second)
	return strconv.FormatInt(ts, 36) + "-" + resetSignature(secret, u, ts)
}

// CheckResetToken reports whether token was made for u (in its current state) less than
// timeout ago.
func CheckResetToken(secret string, u TokenUser, token string, now time.Time, timeout time.Duration) bool {
	tsPart, sig, ok := strings.Cut(token, "-")
	if !ok || len(tsPart) > 13 {
		return false
	}
	ts, err := strconv.ParseInt(tsPart, 36, 64)
	// Only the form MakeResetToken writes: "0dillc0" or "+dillc0" would be a second spelling of
	// one token, as Django's check_token refuses too.
	if err != nil || ts < 0 || strconv.FormatInt(ts, 36) != tsPart {
		return false
	}
	if !hmac.Equal([]byte(sig), []byte(resetSignature(secret, u, ts))) {
		return false
	}
	age := now.Sub(epoch.Add(time.Duration(ts) * time.Second))
	return age >= -time.Minute && age <= timeout
}

func resetSignature(secret string, u TokenUser, ts int64) string {
	mac := hmac.New(sha256.New, []byte("locallibrary.password_reset:"+secret))
	login := ""
	if u.LastLogin != nil {
		login = strconv.FormatInt(u.LastLogin.UTC().Unix(), 10)
	}
	for _, part := range []string{strconv.FormatInt(u.ID, 10), u.PasswordHash, login, strconv.FormatInt(ts, 10), u.Email} {
		mac.Write([]byte(part))
		mac.Write([]byte{0})
	}
	return hex.EncodeToString(mac.Sum(nil))[:32]
}

// EncodeUID and DecodeUID carry a user id in a reset link, as Django's urlsafe_base64_encode.
func EncodeUID(id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(id, 10)))
}

// DecodeUID reads a user id from a reset link; ok is false for anything malformed.
func DecodeUID(s string) (int64, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return 0, false
	}
	id, err := strconv.ParseInt(string(b), 10, 64)
	return id, err == nil && id > 0
}

// SessionHash binds a session to the password it was opened with: when the password changes,
// sessions carrying the old hash end (Django's session auth hash).
func SessionHash(secret, passwordHash string) string {
	mac := hmac.New(sha256.New, []byte("locallibrary.session_auth:"+secret))
	mac.Write([]byte(passwordHash))
	return hex.EncodeToString(mac.Sum(nil))
}
