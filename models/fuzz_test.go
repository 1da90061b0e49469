package models

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

// FuzzParseDate checks that an accepted date is written back as it was read.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-11-25", "2024-02-29", "2023-02-29", "0000-01-01", "9999-12-31", "2026-1-5", "2026-11-25x", "２０２６-１１-２５", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if d.String() != s {
			t.Errorf("ParseDate(%q) = %s", s, d)
		}
		if _, err := ParseDate(d.String()); err != nil {
			t.Errorf("%s does not parse back: %v", d, err)
		}
	})
}

// FuzzISBN checks that a valid ISBN is 10 or 13 digits with a correct check digit, and that
// normalising twice changes nothing.
func FuzzISBN(f *testing.F) {
	for _, s := range []string{"978-0-7653-7952-3", "0-306-40615-2", "080442957X", "080442957x", "97807653795", "X123456789", "９７８０７６５３７９５２３", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeISBN(s)
		if NormalizeISBN(n) != n {
			t.Errorf("NormalizeISBN is not idempotent on %q", s)
		}
		if !ValidISBN(n) {
			return
		}
		if len(n) != 10 && len(n) != 13 {
			t.Errorf("%q valid with %d bytes", n, len(n))
		}
		if strings.Trim(n[:len(n)-1], "0123456789") != "" {
			t.Errorf("%q valid with a non-digit before the check digit", n)
		}
		if len(n) == 13 && ISBN13CheckDigit(n[:12]) != n[12] {
			t.Errorf("%q valid with a wrong check digit", n)
		}
	})
}

// FuzzNewPage checks that any ?page= value gives a page within the list, or ErrNotFound.
func FuzzNewPage(f *testing.F) {
	for _, s := range []string{"", "1", "2", "last", "0", "-1", "99999999999999999999", "1e3", " 2", "+2", "0x10"} {
		f.Add(s, int64(25))
	}
	f.Add("3", int64(0))
	f.Add("1", int64(-5))
	f.Add("9223372036854775807", int64(9223372036854775807))
	f.Fuzz(func(t *testing.T, param string, count int64) {
		if count < 0 {
			count = -(count + 1) // counts come from COUNT(*), never negative
		}
		p, err := NewPage(param, count, url.Values{"q": {"x"}, "page": {param}})
		if err != nil {
			if !errors.Is(err, ErrNotFound) {
				t.Errorf("NewPage(%q, %d): %v", param, count, err)
			}
			return
		}
		if p.Number < 1 || p.Number > p.NumPages || p.Offset() < 0 {
			t.Errorf("NewPage(%q, %d) = page %d of %d, offset %d", param, count, p.Number, p.NumPages, p.Offset())
		}
		if strings.Count(p.NextURL(), "page=") != 1 {
			t.Errorf("next link %q", p.NextURL())
		}
	})
}
