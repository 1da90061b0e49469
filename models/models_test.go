package models

import (
	"testing"

	"github.com/google/uuid"
)

func TestStringsAndURLs(t *testing.T) {
	born, died := MustDate("1920-01-02"), MustDate("1992-04-06")
	a := Author{ID: 3, FirstName: "Isaac", LastName: "Asimov", DateOfBirth: &born, DateOfDeath: &died}
	id := uuid.MustParse("6f1c3c1e-4f57-4d5c-9a59-1d1b8f0c7a10")
	tests := []struct{ got, want string }{
		{a.String(), "Asimov, Isaac"},
		{a.URL(), "/catalog/author/3"},
		{a.Lifespan(), "Jan. 2, 1920 - April 6, 1992"},
		{Author{DateOfBirth: &born}.Lifespan(), "Jan. 2, 1920 - "},
		{Author{}.Lifespan(), ""},
		{Book{ID: 9, Title: "Death Wave"}.URL(), "/catalog/book/9"},
		{Genre{ID: 2, Name: "Fantasy"}.URL(), "/catalog/genre/2"},
		{Language{ID: 4, Name: "French"}.URL(), "/catalog/language/4"},
		{BookInstance{ID: id, Book: Book{Title: "Death Wave"}}.String(), id.String() + " (Death Wave)"},
		{BookInstance{ID: id}.URL(), "/catalog/bookinstance/" + id.String()},
		{BookInstance{Status: StatusOnLoan}.StatusDisplay(), "On loan"},
		{BookInstance{Status: StatusMaintenance}.StatusDisplay(), "Maintenance"},
		{Book{Genres: []Genre{{Name: "A"}, {Name: "B"}, {Name: "C"}, {Name: "D"}}}.DisplayGenre(), "A, B, C"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestIsOverdue(t *testing.T) {
	yesterday, today, tomorrow := Today().AddDays(-1), Today(), Today().AddDays(1)
	tests := []struct {
		due  *Date
		want bool
	}{{nil, false}, {&yesterday, true}, {&today, false}, {&tomorrow, false}}
	for _, tt := range tests {
		if got := (BookInstance{DueBack: tt.due}).IsOverdue(); got != tt.want {
			t.Errorf("due %v: IsOverdue = %v, want %v", tt.due, got, tt.want)
		}
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
		if got := ValidISBN(NormalizeISBN(tt.in)); got != tt.want {
			t.Errorf("ValidISBN(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
