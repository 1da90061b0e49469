package sessions

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
)

// idBytes is the size of a session id: 256 random bits, 43 base64url characters.
const idBytes = 32

// IDLength is the length of a session id as the cookie carries it.
var IDLength = base64.RawURLEncoding.EncodedLen(idBytes)

var idEncoding = base64.RawURLEncoding.Strict()

// NewID returns a session id of 256 random bits, URL-safe.
func NewID() string {
	b := make([]byte, idBytes)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("sessions: no randomness: %v", err))
	}
	return idEncoding.EncodeToString(b)
}

// ValidID reports whether s has the form of a session id this site issues: exactly 43
// characters of canonical base64url. Anything else — other bytes, another length, a 6 KB value —
// is ignored before any storage lookup, and the visitor gets a fresh session.
func ValidID(s string) bool {
	if len(s) != IDLength {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	// The last character carries 4 padding bits, which must be zero in the canonical form.
	_, err := idEncoding.DecodeString(s)
	return err == nil
}

// pendingIDs are the ids of sessions not stored yet: a browser's first visit gets one instead
// of a table row. Half random, half an HMAC of that half under the site's key, so that only ids
// issued here count as pending, without a lookup.
type pendingIDs struct{ key []byte }

const pendingRandom = 16

func (p pendingIDs) new() string {
	b := make([]byte, pendingRandom, idBytes)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("sessions: no randomness: %v", err))
	}
	return idEncoding.EncodeToString(p.sign(b))
}

// is reports whether id (a ValidID) was issued by new.
func (p pendingIDs) is(id string) bool {
	b, err := idEncoding.DecodeString(id)
	if err != nil || len(b) != idBytes {
		return false
	}
	return hmac.Equal(b, p.sign(b[:pendingRandom:pendingRandom]))
}

// sign appends the MAC of random to it.
func (p pendingIDs) sign(random []byte) []byte {
	m := hmac.New(sha256.New, p.key)
	m.Write(random)
	return append(random, m.Sum(nil)[:idBytes-pendingRandom]...)
}
