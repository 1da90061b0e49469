package request

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"locallibrary/models"
)

// FuzzID checks that an accepted id is the decimal number given, and anything else ErrNotFound.
func FuzzID(f *testing.F) {
	for _, s := range []string{"1", "007", "0", "-1", "+5", "1.5", " 3", "9223372036854775807", "9223372036854775808", "١٢", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := parseID(s)
		if err != nil {
			if !errors.Is(err, models.ErrNotFound) {
				t.Errorf("parseID(%q): %v", s, err)
			}
			return
		}
		if id <= 0 || strconv.FormatInt(id, 10) != strings.TrimLeft(s, "0") {
			t.Errorf("parseID(%q) = %d", s, id)
		}
	})
}

// FuzzUUID checks that an accepted UUID is the canonical form given, in any case.
func FuzzUUID(f *testing.F) {
	for _, s := range []string{"6f1c3c1e-4f57-4d5c-9a59-1d1b8f0c7a10", "6F1C3C1E-4F57-4D5C-9A59-1D1B8F0C7A10",
		"{6f1c3c1e-4f57-4d5c-9a59-1d1b8f0c7a10}", "urn:uuid:6f1c3c1e-4f57-4d5c-9a59-1d1b8f0c7a10",
		"6f1c3c1e4f574d5c9a591d1b8f0c7a10", "6f1c3c1e-4f57-4d5c-9a59-1d1b8f0c7a1g", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := parseUUID(s)
		if err != nil {
			if !errors.Is(err, models.ErrNotFound) {
				t.Errorf("parseUUID(%q): %v", s, err)
			}
			return
		}
		if !strings.EqualFold(id.String(), s) {
			t.Errorf("parseUUID(%q) = %s", s, id)
		}
	})
}
