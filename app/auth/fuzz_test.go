package auth

import (
	"testing"
	"time"
)

// FuzzResetLink reads arbitrary reset links: the uid decodes to a positive id or not at all,
// and a made-up token never passes for a user's.
func FuzzResetLink(f *testing.F) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	u := TokenUser{ID: 7, PasswordHash: "argon2$argon2id$x", Email: "member@example.com"}
	f.Add(EncodeUID(7), MakeResetToken("secret", u, now))
	f.Add("MQ", "1-2")
	f.Add("!!", "zzzzzzzzzzzzz-00")
	f.Add("LTE", "-")
	f.Add("OTIyMzM3MjAzNjg1NDc3NTgwOA", "1y2p0ij32e8e7-")
	valid := MakeResetToken("secret", u, now)
	f.Fuzz(func(t *testing.T, uid, token string) {
		if id, ok := DecodeUID(uid); ok && id <= 0 {
			t.Errorf("DecodeUID(%q) = %d", uid, id)
		}
		if token != valid && CheckResetToken("secret", u, token, now, time.Hour) {
			t.Errorf("made-up token %q passed", token)
		}
	})
}
