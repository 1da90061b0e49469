package forms

import (
	"strings"
	"testing"

	"locallibrary/models"
)

func TestSafeNext(t *testing.T) {
	tests := []struct{ next, want string }{
		{"/catalog/books/?page=2", "/catalog/books/?page=2"},
		{"/", "/"},
		{"", "/home"},
		{"catalog/", "/home"},
		{"https://evil.example/", "/home"},
		{"//evil.example/x", "/home"},
		{`/\evil.example`, "/home"},
		{"/\tevil", "/home"},
		{"/a\r\nSet-Cookie: x=1", "/home"},
		{"/a\x00b", "/home"},
		{"/a\x7fb", "/home"},
		{"/a\x1bb", "/home"},
		{"javascript:alert(1)", "/home"},
		{"http:/evil.example", "/home"},
		{"/catalog/ünïcode/", "/catalog/ünïcode/"},
	}
	for _, tt := range tests {
		t.Run(tt.next, func(t *testing.T) {
			if got := SafeNext(tt.next, "/home"); got != tt.want {
				t.Errorf("SafeNext(%q) = %q, want %q", tt.next, got, tt.want)
			}
		})
	}
}

func TestDueDates(t *testing.T) {
	today := models.Today()
	if got := DefaultDueDate(); got != today.AddDays(21) {
		t.Errorf("DefaultDueDate = %s, want today + 3 weeks (%s)", got, today.AddDays(21))
	}
	tests := []struct {
		name, value string
		want        []string
	}{
		{"today", today.String(), nil},
		{"default", DefaultDueDate().String(), nil},
		{"four weeks", today.AddDays(28).String(), nil},
		{"spaces around", " " + today.AddDays(7).String() + " ", nil},
		{"yesterday", today.AddDays(-1).String(), []string{RenewalInPast}},
		{"four weeks and a day", today.AddDays(29).String(), []string{RenewalTooFar}},
		{"empty", "", []string{Required}},
		{"blank", "   ", []string{Required}},
		{"no such day", "2026-02-30", []string{InvalidDate}},
		{"not a date", "next tuesday", []string{InvalidDate}},
		{"another format", "30/11/2026", []string{InvalidDate}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := RenewBook{RenewalDate: tt.value}
			ok := f.Validate()
			got := f.Errors["renewal_date"]
			if ok != (tt.want == nil) || strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("Validate() = %v with %q, want %q", ok, got, tt.want)
			}
			c := CheckOut{Borrower: "alice", DueBack: tt.value}
			if c.Validate(); strings.Join(c.Errors["due_back"], "|") != strings.Join(tt.want, "|") {
				t.Errorf("check-out due date: %q, want %q", c.Errors["due_back"], tt.want)
			}
		})
	}
}

func TestValidEmail(t *testing.T) {
	tests := []struct {
		email string
		want  bool
	}{
		{"member@example.com", true},
		{"first.last+tag@sub.example.org", true},
		{"MEMBER@EXAMPLE.COM", true},
		{"nope", false},
		{"@example.com", false},
		{"member@", false},
		{"member@localhost", false},
		{"two@@example.com", false},
		{"a b@example.com", false},
		{"Member <member@example.com>", false},
		{"member@example.com\r\nBcc: x@example.com", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.email, func(t *testing.T) {
			if got := ValidEmail(tt.email); got != tt.want {
				t.Errorf("ValidEmail(%q) = %v, want %v", tt.email, got, tt.want)
			}
		})
	}
}

func TestUserCreation(t *testing.T) {
	tests := []struct {
		name string
		form UserCreation
		want map[string]string // field: one expected message
	}{
		{"fine", UserCreation{Username: "García-López.1", Email: "ana@example.com", Password1: "quiet-reading-room", Password2: "quiet-reading-room"}, nil},
		{"no e-mail", UserCreation{Username: "ana", Password1: "quiet-reading-room", Password2: "quiet-reading-room"}, nil},
		{"bad username", UserCreation{Username: "bad name!", Password1: "quiet-reading-room", Password2: "quiet-reading-room"},
			map[string]string{"username": InvalidUsername}},
		{"long username", UserCreation{Username: strings.Repeat("a", 151), Password1: "quiet-reading-room", Password2: "quiet-reading-room"},
			map[string]string{"username": "Ensure this value has at most 150 characters (it has 151)."}},
		{"no username", UserCreation{Password1: "quiet-reading-room", Password2: "quiet-reading-room"}, map[string]string{"username": Required}},
		{"bad e-mail", UserCreation{Username: "ana", Email: "nope", Password1: "quiet-reading-room", Password2: "quiet-reading-room"},
			map[string]string{"email": InvalidEmail}},
		{"mismatch", UserCreation{Username: "ana", Password1: "quiet-reading-room", Password2: "quiet-reading-rooms"},
			map[string]string{"password2": PasswordMismatch}},
		{"no password", UserCreation{Username: "ana"}, map[string]string{"password1": Required, "password2": Required}},
		{"common password", UserCreation{Username: "ana", Password1: "12345678", Password2: "12345678"},
			map[string]string{"password2": "This password is too common."}},
		{"like the username", UserCreation{Username: "marybeth", Password1: "marybeth2026", Password2: "marybeth2026"},
			map[string]string{"password2": "The password is too similar to the username."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.form
			if ok := f.Validate(); ok != (tt.want == nil) {
				t.Errorf("Validate() = %v, errors %v", ok, f.Errors)
			}
			for field, msg := range tt.want {
				if !strings.Contains(strings.Join(f.Errors[field], "|"), msg) {
					t.Errorf("%s: %q, want %q", field, f.Errors[field], msg)
				}
			}
		})
	}
	f := UserCreation{Username: "ana"}
	f.ValidateAccount()
	f.UsernameTaken()
	if got := f.Errors.Messages(); len(got) != 1 || got[0] != UsernameExists {
		t.Errorf("UsernameTaken: %q", got)
	}
}
