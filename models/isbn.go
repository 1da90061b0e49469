package models

import (
	"strings"
	"unicode"
)

// NormalizeISBN removes the hyphens and white space people type inside ISBNs and upper-cases an "x".
func NormalizeISBN(s string) string {
	return strings.ToUpper(strings.Map(func(r rune) rune {
		if r == '-' || unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s))
}

// ValidISBN reports whether s (normalized) is an ISBN-10 or ISBN-13 with a correct check digit.
func ValidISBN(s string) bool {
	switch len(s) {
	case 10:
		sum := 0
		for i, r := range s {
			var v int
			switch {
			case r >= '0' && r <= '9':
				v = int(r - '0')
			case r == 'X' && i == 9:
				v = 10
			default:
				return false
			}
			sum += (10 - i) * v
		}
		return sum%11 == 0
	case 13:
		for _, r := range s {
			if r < '0' || r > '9' {
				return false
			}
		}
		return ISBN13CheckDigit(s[:12]) == s[12]
	}
	return false
}

// ISBN13CheckDigit returns the check digit that completes the 12 digits of an ISBN-13.
func ISBN13CheckDigit(first12 string) byte {
	sum := 0
	for i := 0; i < 12; i++ {
		d := int(first12[i] - '0')
		if i%2 == 1 {
			d *= 3
		}
		sum += d
	}
	return byte('0' + (10-sum%10)%10)
}

// ISBN13 returns the 13-digit form of a valid, normalized ISBN: an ISBN-10 gets the 978 prefix
// and a new check digit, an ISBN-13 is returned as it is.
func ISBN13(isbn string) string {
	if len(isbn) != 10 {
		return isbn
	}
	first12 := "978" + isbn[:9]
	return first12 + string(ISBN13CheckDigit(first12))
}
