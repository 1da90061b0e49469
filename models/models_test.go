package models

import (
	"fmt"
	"testing"

	"github.com/google/uuid"
)

func TestStrings(t *testing.T) {
	born, died := MustDate("1920-01-02"), MustDate("1992-04-06")
	a := Author{ID: 3, FirstName: "Isaac", LastName: "Asimov", DateOfBirth: &born, DateOfDeath: &died}
	id := uuid.MustParse("6f1c3c1e-4f57-4d5c-9a59-1d1b8f0c7a10")
	tests := []struct{ got, want string }{
		{a.String(), "Asimov, Isaac"},
		{a.Lifespan(), "Jan. 2, 1920 - April 6, 1992"},
		{Author{DateOfBirth: &born}.Lifespan(), "Jan. 2, 1920 - "},
		{Author{}.Lifespan(), ""},
		{BookInstance{ID: id, Book: Book{Title: "Death Wave"}}.String(), id.String() + " (Death Wave)"},
		{BookInstance{Status: StatusOnLoan}.StatusDisplay(), "On loan"},
		{BookInstance{Status: StatusMaintenance}.StatusDisplay(), "Maintenance"},
		{Book{Genres: []Genre{{Name: "A"}, {Name: "B"}, {Name: "C"}, {Name: "D"}}}.DisplayGenre(), "A, B, C"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

func TestIsOverdue(t *testing.T) {
	yesterday, today, tomorrow := Today().AddDays(-1), Today(), Today().AddDays(1)
	tests := []struct {
		due  *Date
		want bool
	}{{nil, false}, {&yesterday, true}, {&today, false}, {&tomorrow, false}}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.due), func(t *testing.T) {
			if got := (BookInstance{DueBack: tt.due}).IsOverdue(); got != tt.want {
				t.Errorf("due %v: IsOverdue = %v, want %v", tt.due, got, tt.want)
			}
		})
	}
}

func TestISBN(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"9781473211896", true}, {"978-0-7653-7950-4", true}, {"0306406152", true}, {"0-8044-2957-X", true},
		{"9781473211897", false}, {"0306406153", false}, {"12345", false}, {"978147321189A", false}, {"X306406152", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := ValidISBN(NormalizeISBN(tt.in)); got != tt.want {
				t.Errorf("ValidISBN(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestStatusPredicates(t *testing.T) {
	tests := []struct {
		status                                   string
		available, onLoan, reserved, maintenance bool
		class                                    string
	}{
		{StatusAvailable, true, false, false, false, "text-success"},
		{StatusOnLoan, false, true, false, false, "text-warning-emphasis"},
		{StatusReserved, false, false, true, false, "text-warning-emphasis"},
		{StatusMaintenance, false, false, false, true, "text-danger"},
	}
	for _, tt := range tests {
		t.Run(StatusName(tt.status), func(t *testing.T) {
			bi := BookInstance{Status: tt.status}
			got := []bool{bi.IsAvailable(), bi.IsOnLoan(), bi.IsReserved(), bi.IsMaintenance()}
			want := []bool{tt.available, tt.onLoan, tt.reserved, tt.maintenance}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("predicates %v, want %v", got, want)
					break
				}
			}
			if bi.StatusClass() != tt.class {
				t.Errorf("StatusClass %q, want %q", bi.StatusClass(), tt.class)
			}
		})
	}
}

func TestPerms(t *testing.T) {
	librarian := NewPerms(false, PermMarkReturned, "catalog.add_author")
	tests := []struct {
		name          string
		perms         Perms
		action, model string
		want          bool
	}{
		{"granted", librarian, "add", "author", true},
		{"not granted", librarian, "delete", "author", false},
		{"auth model", librarian, "view", "user", false},
		{"superuser", NewPerms(true), "delete", "genre", true},
		{"nobody", Perms{}, "add", "author", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.perms.Can(tt.action, tt.model)
			if err != nil || got != tt.want {
				t.Errorf("Can(%q, %q) = %v, %v; want %v", tt.action, tt.model, got, err, tt.want)
			}
		})
	}
	for _, bad := range [][2]string{{"borrow", "book"}, {"add", "spaceship"}, {"", ""}} {
		if _, err := NewPerms(true).Can(bad[0], bad[1]); err == nil {
			t.Errorf("Can(%q, %q): want an error, even for a superuser", bad[0], bad[1])
		}
	}
	if !librarian.CanMarkReturned() || (Perms{}).CanMarkReturned() {
		t.Error("CanMarkReturned")
	}
	if got := ModelPerm("change", "bookinstance"); got != "catalog.change_bookinstance" {
		t.Errorf("ModelPerm = %q", got)
	}
	if got := ModelPerm("add", "user"); got != "auth.add_user" {
		t.Errorf("ModelPerm = %q", got)
	}
}
