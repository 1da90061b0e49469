package sessions

import (
	"encoding/base64"
	"strings"
	"testing"
)

func FuzzValidID(f *testing.F) {
	valid := NewID()
	for _, seed := range []string{
		valid, "", strings.Repeat("A", 43), valid[:42], valid + "A", valid[:42] + "=", valid[:42] + "B",
		"+" + valid[1:], "/" + valid[1:], strings.Repeat("\xff", 43), strings.Repeat("é", 21) + "A",
		strings.Repeat("A", 6<<10), "\x00" + valid[1:], pendingIDs{key: []byte("k")}.new(),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ok := ValidID(s)
		b, err := base64.RawURLEncoding.DecodeString(s)
		canonical := err == nil && len(b) == idBytes && base64.RawURLEncoding.EncodeToString(b) == s
		if ok != canonical {
			t.Fatalf("ValidID(%q) = %v, but canonical 32-byte base64url is %v", s, ok, canonical)
		}
	})
}

func TestNewIDsAreValidAndPendingOnesAreRecognised(t *testing.T) {
	p, other := pendingIDs{key: []byte("site key")}, pendingIDs{key: []byte("another site")}
	for range 1000 {
		id, pending := NewID(), p.new()
		switch {
		case !ValidID(id) || !ValidID(pending):
			t.Fatalf("invalid ids %q, %q", id, pending)
		case p.is(id):
			t.Fatalf("random id %q taken for a pending one", id)
		case !p.is(pending):
			t.Fatalf("pending id %q not recognised", pending)
		case other.is(pending):
			t.Fatalf("pending id %q recognised under another key", pending)
		}
	}
}
