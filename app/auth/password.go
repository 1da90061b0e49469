// Package auth holds what logging in needs beyond the session: password hashing compatible with
// Django, Django's password validators, password reset tokens, and the Authenticator that checks
// credentials with failed-login throttling.
package auth

import (
	"crypto/pbkdf2"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/alexedwards/argon2id"
)

// params is the argon2id cost of new hashes (OWASP's recommendation: 19 MiB, two passes).
var params = &argon2id.Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// argon2Prefix makes our hashes read as Django's Argon2PasswordHasher writes them, so a Django
// project can verify them too.
const argon2Prefix = "argon2"

// unusable marks an account that cannot log in with a password (Django's set_unusable_password).
const unusable = "!"

// ErrUnknownHasher is returned for a stored hash in a format LocalLibrary cannot check.
var ErrUnknownHasher = errors.New("unknown password hash format")

// HashPassword returns the argon2id hash of password, in Django's "argon2$argon2id$..." form.
func HashPassword(password string) (string, error) {
	h, err := argon2id.CreateHash(password, params)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return argon2Prefix + h, nil
}

// CheckPassword reports whether password matches encoded, which may be one of our argon2id
// hashes or a Django pbkdf2_sha256 hash. upgrade is true when the match used an older scheme or
// cost and the password should be hashed again.
func CheckPassword(password, encoded string) (ok, upgrade bool, err error) {
	switch {
	case strings.HasPrefix(encoded, argon2Prefix+"$argon2id$"):
		match, p, err := argon2id.CheckHash(password, strings.TrimPrefix(encoded, argon2Prefix))
		if err != nil {
			return false, false, fmt.Errorf("check password: %w", err)
		}
		return match, match && (p.Memory != params.Memory || p.Iterations != params.Iterations || p.Parallelism != params.Parallelism), nil
	case strings.HasPrefix(encoded, "pbkdf2_sha256$"):
		match, err := checkPBKDF2(password, encoded)
		return match, match, err
	case encoded == "" || strings.HasPrefix(encoded, unusable):
		return false, false, nil
	}
	return false, false, ErrUnknownHasher
}

// checkPBKDF2 verifies Django's "pbkdf2_sha256$<iterations>$<salt>$<base64 hash>".
func checkPBKDF2(password, encoded string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 4 {
		return false, fmt.Errorf("check password: malformed pbkdf2_sha256 hash")
	}
	iter, err := strconv.Atoi(parts[1])
	if err != nil || iter < 1 || iter > 100_000_000 {
		return false, fmt.Errorf("check password: bad pbkdf2_sha256 iterations")
	}
	want, err := base64.StdEncoding.DecodeString(parts[3])
	if err != nil || len(want) == 0 {
		return false, fmt.Errorf("check password: bad pbkdf2_sha256 hash")
	}
	got, err := pbkdf2.Key(sha256.New, password, []byte(parts[2]), iter, len(want))
	if err != nil {
		return false, fmt.Errorf("check password: %w", err)
	}
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// dummyHash is checked against when a username does not exist, so that unknown and known
// usernames take about the same time. It is made on first use, not when the program starts.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("not the password of anybody at all")
	return h
})

// WasteTime runs one password check against a throwaway hash.
func WasteTime(password string) {
	_, _, _ = CheckPassword(password, dummyHash())
}

// Unusable returns a stored password value that no password matches.
func Unusable() string { return unusable }

// Usable reports whether a stored password value can match some password.
func Usable(encoded string) bool { return encoded != "" && !strings.HasPrefix(encoded, unusable) }
