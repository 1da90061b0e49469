package auth

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"locallibrary/models"
)

// MinLength and MaxLength bound passwords; long passphrases and any Unicode are welcome.
const (
	MinLength = 8
	MaxLength = 4096
)

// The 20,000 most common passwords, lower-cased (from the MIT-licensed zxcvbn-ts common list).
//
//go:embed common-passwords.txt.gz
var commonGz []byte

var common = sync.OnceValue(func() map[string]bool {
	zr, err := gzip.NewReader(bytes.NewReader(commonGz))
	if err != nil {
		panic(err)
	}
	set := make(map[string]bool, 20000)
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		set[sc.Text()] = true
	}
	return set
})

// UserAttributes are the account fields a password must not resemble.
type UserAttributes struct {
	Username, FirstName, LastName, Email string
}

// AttributesOf returns the fields of u that a password must not resemble.
func AttributesOf(u models.User) UserAttributes {
	return UserAttributes{Username: u.Username, FirstName: u.FirstName, LastName: u.LastName, Email: u.Email}
}

// ValidatePassword applies Django's default validators and returns their messages (none when the
// password is acceptable).
func ValidatePassword(password string, user UserAttributes) []string {
	var msgs []string
	n := utf8.RuneCountInString(password)
	if attr := similarAttribute(password, user); attr != "" {
		msgs = append(msgs, "The password is too similar to the "+attr+".")
	}
	if n < MinLength {
		msgs = append(msgs, "This password is too short. It must contain at least 8 characters.")
	}
	if n > MaxLength {
		msgs = append(msgs, "This password is too long. It must contain at most 4096 characters.")
	}
	if common()[strings.ToLower(strings.TrimSpace(password))] {
		msgs = append(msgs, "This password is too common.")
	}
	if n > 0 && strings.IndexFunc(password, func(r rune) bool { return !unicode.IsDigit(r) }) < 0 {
		msgs = append(msgs, "This password is entirely numeric.")
	}
	return msgs
}

var nonWord = regexp.MustCompile(`\W+`)

// similarAttribute is Django's UserAttributeSimilarityValidator (maximum similarity 0.7): it
// names the first attribute whose value, or any word of it, resembles the password.
func similarAttribute(password string, user UserAttributes) string {
	const maxSimilarity = 0.7
	pw := strings.ToLower(password)
	for _, attr := range []struct{ name, value string }{
		{"username", user.Username}, {"first name", user.FirstName}, {"last name", user.LastName}, {"email address", user.Email},
	} {
		if attr.value == "" {
			continue
		}
		v := strings.ToLower(attr.value)
		for _, part := range append(nonWord.Split(v, -1), v) {
			if part == "" || exceedsLengthRatio(pw, maxSimilarity, part) {
				continue
			}
			if quickRatio(pw, part) >= maxSimilarity {
				return attr.name
			}
		}
	}
	return ""
}

// exceedsLengthRatio skips values far shorter than the password, which cannot be too similar.
func exceedsLengthRatio(password string, maxSimilarity float64, value string) bool {
	pw, v := utf8.RuneCountInString(password), utf8.RuneCountInString(value)
	return pw >= 10*v && float64(v) < maxSimilarity/2*float64(pw)
}

// quickRatio is Python's SequenceMatcher.quick_ratio: twice the characters a and b share (as
// multisets) over their total length.
func quickRatio(a, b string) float64 {
	counts := map[rune]int{}
	for _, r := range b {
		counts[r]++
	}
	matches := 0
	for _, r := range a {
		if counts[r] > 0 {
			counts[r]--
			matches++
		}
	}
	total := utf8.RuneCountInString(a) + utf8.RuneCountInString(b)
	if total == 0 {
		return 1
	}
	return 2 * float64(matches) / float64(total)
}
