package auth

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Hashes written by Django's PBKDF2PasswordHasher (hashlib.pbkdf2_hmac, base64).
var djangoHashes = []struct{ password, hash string }{
	{"lètmein", "pbkdf2_sha256$1000$seasalt$JgZryXe2Ga8ysg6XbzkLpTdyPQrHqsinbL9BnnhgX4A="},
	{"Tr0ub4dor&3 horse", "pbkdf2_sha256$870000$Zb4e7kV2nQp1$AjOrSRdvRhnEhpKLr/lY4SEfbc1NcZYgeIaAe249pSg="},
}

func TestDjangoPBKDF2(t *testing.T) {
	for _, h := range djangoHashes {
		t.Run(h.hash, func(t *testing.T) {
			ok, upgrade, err := CheckPassword(h.password, h.hash)
			if err != nil || !ok || !upgrade {
				t.Errorf("%s: ok=%v upgrade=%v err=%v, want a match that asks for an upgrade", h.hash, ok, upgrade, err)
			}
			if ok, _, _ := CheckPassword(h.password+"x", h.hash); ok {
				t.Errorf("%s: a wrong password matched", h.hash)
			}
		})
	}
	for _, bad := range []string{"pbkdf2_sha256$x$salt$aGFzaA==", "pbkdf2_sha256$1000$salt", "pbkdf2_sha256$1000$salt$!!!"} {
		t.Run(bad, func(t *testing.T) {
			if ok, _, err := CheckPassword("pw", bad); ok || err == nil {
				t.Errorf("%q: want an error", bad)
			}
		})
	}
}

func TestArgon2(t *testing.T) {
	long := strings.Repeat("correct horse battery staple ", 100)
	for _, pw := range []string{"s3cret-Passw0rd", "pässwörd ünïcödé 🐎 马", long} {
		t.Run(pw[:10], func(t *testing.T) {
			h, err := HashPassword(pw)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(h, "argon2$argon2id$v=19$m=19456,t=2,p=1$") {
				t.Errorf("hash %q is not in Django's argon2 form", h)
			}
			if ok, upgrade, err := CheckPassword(pw, h); !ok || upgrade || err != nil {
				t.Errorf("%q: ok=%v upgrade=%v err=%v", pw[:10], ok, upgrade, err)
			}
			if ok, _, _ := CheckPassword(pw[:len(pw)-1], h); ok {
				t.Errorf("%q: a prefix of the password matched (truncation?)", pw[:10])
			}
		})
	}
	weaker := "argon2$argon2id$v=19$m=4096,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$"
	if _, _, err := CheckPassword("x", weaker+"AAAA"); err != nil {
		t.Fatal(err)
	}
	if ok, _, err := CheckPassword("pw", "md5$salt$abc"); ok || err == nil {
		t.Errorf("an unknown hasher should be an error, got ok=%v err=%v", ok, err)
	}
	if ok, _, err := CheckPassword("", Unusable()); ok || err != nil || Usable(Unusable()) {
		t.Error("an unusable password must match nothing")
	}
}

func TestValidatePassword(t *testing.T) {
	user := UserAttributes{Username: "marybeth", FirstName: "Mary", LastName: "O'Brien", Email: "mary.beth@example.com"}
	tests := []struct {
		password string
		want     []string
	}{
		{"correct horse battery staple", nil},
		{"ünïcödé pässwörd 马马虎虎", nil},
		{strings.Repeat("long passphrase ", 200), nil},
		{"x9$Qw7", []string{"This password is too short. It must contain at least 8 characters."}},
		{"password", []string{"This password is too common."}},
		{"PASSWORD ", []string{"This password is too common."}},
		{"12345678", []string{"This password is too common.", "This password is entirely numeric."}},
		{"20260928193746", []string{"This password is entirely numeric."}},
		{"marybeth1", []string{"The password is too similar to the username."}},
		{"mary.beth@example", []string{"The password is too similar to the email address."}},
		{"obrien-99", []string{"The password is too similar to the last name."}},
		{strings.Repeat("x", 4097), []string{"This password is too long. It must contain at most 4096 characters."}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%.20q", tt.password), func(t *testing.T) {
			got := ValidatePassword(tt.password, user)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("ValidatePassword(%.20q) = %q, want %q", tt.password, got, tt.want)
			}
		})
	}
}

func TestResetToken(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	login := now.Add(-time.Hour)
	u := TokenUser{ID: 7, PasswordHash: "argon2$old", LastLogin: &login, Email: "a@example.com"}
	tok := MakeResetToken("secret", u, now)
	day := 24 * time.Hour
	if !CheckResetToken("secret", u, tok, now.Add(2*day), 3*day) {
		t.Fatal("a fresh token should be valid")
	}
	if CheckResetToken("secret", u, tok, now.Add(3*day+time.Second), 3*day) {
		t.Error("an expired token was accepted")
	}
	changed := u
	changed.PasswordHash = "argon2$new"
	if CheckResetToken("secret", changed, tok, now, 3*day) {
		t.Error("a token survived a password change (it must be single-use)")
	}
	relogged := u
	later := now.Add(time.Minute)
	relogged.LastLogin = &later
	if CheckResetToken("secret", relogged, tok, now, 3*day) {
		t.Error("a token survived a login")
	}
	for _, bad := range []string{"", "abc", tok + "0", "zzzzzzzzzzzzzzzzzz-" + strings.SplitN(tok, "-", 2)[1], strings.SplitN(tok, "-", 2)[0] + "-deadbeef"} {
		if CheckResetToken("secret", u, bad, now, 3*day) {
			t.Errorf("token %q accepted", bad)
		}
	}
	if CheckResetToken("other secret", u, tok, now, 3*day) {
		t.Error("a token made with another SECRET_KEY was accepted")
	}
	if id, ok := DecodeUID(EncodeUID(42)); !ok || id != 42 {
		t.Errorf("uid round trip: %d %v", id, ok)
	}
	for _, bad := range []string{"", "!!", EncodeUID(0), "LTE"} {
		if _, ok := DecodeUID(bad); ok {
			t.Errorf("DecodeUID(%q) accepted", bad)
		}
	}
}
