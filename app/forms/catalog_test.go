package forms

import (
	"strings"
	"testing"

	"locallibrary/models"
)

// errs flattens a form's errors for comparison: "field: message" in field order.
func errs(e Errors) string {
	var out []string
	for _, f := range []string{NonField, "first_name", "last_name", "date_of_birth", "date_of_death", "name", "title", "author",
		"summary", "isbn", "language", "genre", "book", "imprint", "status", "due_back", "borrower"} {
		for _, m := range e[f] {
			out = append(out, f+": "+m)
		}
	}
	return strings.Join(out, "\n")
}

func TestAuthorForm(t *testing.T) {
	long := strings.Repeat("é", 101)
	tests := []struct {
		name string
		f    Author
		want string
	}{
		{"plain", Author{FirstName: "Isaac", LastName: "Asimov"}, ""},
		{"accents, hyphens, apostrophes, spaces", Author{FirstName: "Mary Ann", LastName: "O'Brien-García"}, ""},
		{"100 characters", Author{FirstName: long[:200], LastName: "x"}, ""},
		{"both dates", Author{FirstName: "I", LastName: "A", DateOfBirth: "1920-01-02", DateOfDeath: "1992-04-06"}, ""},
		{"same day", Author{FirstName: "I", LastName: "A", DateOfBirth: "1920-01-02", DateOfDeath: "1920-01-02"}, ""},
		{"blank names", Author{FirstName: "  ", LastName: ""}, "first_name: " + Required + "\nlast_name: " + Required},
		{"101 characters", Author{FirstName: long, LastName: "x"}, "first_name: Ensure this value has at most 100 characters (it has 101)."},
		{"no such day", Author{FirstName: "I", LastName: "A", DateOfBirth: "1950-02-30"}, "date_of_birth: " + InvalidDate},
		{"not a date", Author{FirstName: "I", LastName: "A", DateOfDeath: "last year"}, "date_of_death: " + InvalidDate},
		{"death before birth", Author{FirstName: "I", LastName: "A", DateOfBirth: "1992-04-06", DateOfDeath: "1920-01-02"}, "date_of_death: " + DeathBeforeBirth},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok := tt.f.Validate()
			if got := errs(tt.f.Errors); got != tt.want || ok != (tt.want == "") {
				t.Errorf("Validate() = %v with\n%s\nwant\n%s", ok, got, tt.want)
			}
		})
	}
}

func TestAuthorChanged(t *testing.T) {
	born := models.MustDate("1920-01-02")
	stored := models.Author{ID: 3, FirstName: "Isaac", LastName: "Asimov", DateOfBirth: &born, Version: 4}
	f := InitialAuthor(stored)
	f.FirstName, f.DateOfDeath = " Isaac ", "1992-04-06"
	if !f.Validate() {
		t.Fatal(f.Errors)
	}
	if got := strings.Join(f.Changed(stored), ", "); got != "Died" {
		t.Errorf("changed %q, want Died", got)
	}
	if a := f.Author(3); a.Version != 4 || a.DateOfDeath == nil || a.DateOfDeath.String() != "1992-04-06" {
		t.Errorf("author %+v", a)
	}
	f.ChangedMeanwhile(models.Author{ID: 3, FirstName: "Isaac", LastName: "Azimov", Version: 5})
	if f.LastName != "Azimov" || f.Version != "5" || len(f.Errors.NonField()) != 1 {
		t.Errorf("after a conflict the form is %+v", f)
	}
	if got := f.Conflict.Yours; len(got) != 3 || got[0].Label != "Last name" || got[1].Label != "Date of birth" || got[2].Value != "1992-04-06" {
		t.Errorf("your values %+v", got)
	}
}

func TestNameForm(t *testing.T) {
	tests := []struct {
		name, value, want string
	}{
		{"plain", "Science Fiction", ""},
		{"200 characters", strings.Repeat("ß", 200), ""},
		{"201 characters", strings.Repeat("ß", 201), "name: Ensure this value has at most 200 characters (it has 201)."},
		{"blank", " ", "name: " + Required},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Name{Name: tt.value}
			ok := f.Validate()
			if got := errs(f.Errors); got != tt.want || ok != (tt.want == "") {
				t.Errorf("Validate() = %v with %q, want %q", ok, got, tt.want)
			}
		})
	}
}

func TestBookForm(t *testing.T) {
	good := func() Book {
		return Book{Title: "Foundation", Author: "3", Summary: "Psychohistory.", ISBN: "978-0-553-29335-7", Language: "4", Genre: []string{"2", "5", "2"}}
	}
	tests := []struct {
		name   string
		change func(*Book)
		want   string
		isbn   string
	}{
		{"ISBN-13 with hyphens", func(*Book) {}, "", "9780553293357"},
		{"ISBN-13 with spaces", func(f *Book) { f.ISBN = " 978 0 553 29335 7 " }, "", "9780553293357"},
		{"ISBN-10", func(f *Book) { f.ISBN = "0-306-40615-2" }, "", "9780306406157"},
		{"ISBN-10 ending in x", func(f *Book) { f.ISBN = "080442957x" }, "", "9780804429573"},
		{"bad check digit", func(f *Book) { f.ISBN = "9780553293358" }, "isbn: " + ISBNCheckDigit, ""},
		{"bad ISBN-10 check digit", func(f *Book) { f.ISBN = "0306406153" }, "isbn: " + ISBNCheckDigit, ""},
		{"too short", func(f *Book) { f.ISBN = "12345" }, "isbn: " + ISBNInvalid, ""},
		{"letters", func(f *Book) { f.ISBN = "97805532933AB" }, "isbn: " + ISBNInvalid, ""},
		{"X inside", func(f *Book) { f.ISBN = "08044X9573" }, "isbn: " + ISBNInvalid, ""},
		{"no genre", func(f *Book) { f.Genre = nil }, "genre: " + Required, ""},
		{"genre not an id", func(f *Book) { f.Genre = []string{"2", "fantasy"} }, "genre: Select a valid choice. fantasy is not one of the available choices.", ""},
		{"title of 201 characters", func(f *Book) { f.Title = strings.Repeat("ñ", 201) }, "title: Ensure this value has at most 200 characters (it has 201).", ""},
		{"summary of 1001 characters", func(f *Book) { f.Summary = strings.Repeat("€", 1001) }, "summary: Ensure this value has at most 1000 characters (it has 1001).", ""},
		{"all missing", func(f *Book) { *f = Book{} }, "title: " + Required + "\nauthor: " + Required + "\nsummary: " + Required +
			"\nisbn: " + Required + "\nlanguage: " + Required + "\ngenre: " + Required, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := good()
			tt.change(&f)
			ok := f.Validate()
			if got := errs(f.Errors); got != tt.want || ok != (tt.want == "") {
				t.Fatalf("Validate() = %v with\n%s\nwant\n%s", ok, got, tt.want)
			}
			if ok {
				b := f.Book(0, 3, 4)
				if b.ISBN != tt.isbn || *b.LanguageID != 4 || len(f.GenreIDs()) != 2 {
					t.Errorf("book %+v with genres %v", b, f.GenreIDs())
				}
			}
		})
	}
}

func TestBookFormChoices(t *testing.T) {
	f := Book{Author: "Asimov, Isaac #3", Language: "4", Genre: []string{"2", "7"}}
	if !f.AuthorSelected(3) || f.AuthorSelected(4) || !f.LanguageSelected(4) || !f.GenreChecked(7) || f.GenreChecked(3) {
		t.Errorf("selections of %+v", f)
	}
	f.Validate()
	f.UnknownGenres([]int64{2})
	if got := f.Errors["genre"]; len(got) != 1 || got[0] != "Select a valid choice. 7 is not one of the available choices." {
		t.Errorf("unknown genres: %q", got)
	}
	for _, tt := range []struct{ author, want string }{
		{"12", InvalidChoice},
		{"Nobody, Here", "No author is called “Nobody, Here”. Type the name as “Last, First”, or create the author first."},
	} {
		f := Book{Author: tt.author, Errors: Errors{}}
		f.UnknownAuthor(models.ErrNotFound)
		if got := f.Errors["author"]; len(got) != 1 || got[0] != tt.want {
			t.Errorf("%q: %q, want %q", tt.author, got, tt.want)
		}
	}
	f = Book{Author: "Smith, John", Errors: Errors{}}
	f.UnknownAuthor(&models.AmbiguousError{Matches: []string{"Smith, John #1", "Smith, John #2"}})
	if got := f.Errors["author"]; len(got) != 1 || !strings.Contains(got[0], "choose one of Smith, John #1; Smith, John #2") {
		t.Errorf("ambiguous: %q", got)
	}
}

func TestBookInstanceForm(t *testing.T) {
	tests := []struct {
		name string
		f    BookInstance
		want string
	}{
		{"available", BookInstance{Book: "9", Imprint: "Gnome Press, 1951.", Status: "a"}, ""},
		{"on loan", BookInstance{Book: "9", Imprint: "x", Status: "o", Borrower: "alice", DueBack: "2030-01-31"}, ""},
		{"maintenance", BookInstance{Book: "9", Imprint: "x", Status: "d"}, ""},
		{"reserved", BookInstance{Book: "9", Imprint: "x", Status: "r"}, ""},
		{"nothing", BookInstance{}, "book: " + Required + "\nimprint: " + Required + "\nstatus: " + Required},
		{"unknown status", BookInstance{Book: "9", Imprint: "x", Status: "z"}, "status: Select a valid choice. z is not one of the available choices."},
		{"on loan to nobody", BookInstance{Book: "9", Imprint: "x", Status: "o"}, "due_back: " + LoanNeedsDueDate + "\nborrower: " + LoanNeedsBorrower},
		{"available with a borrower", BookInstance{Book: "9", Imprint: "x", Status: "a", Borrower: "alice"}, "borrower: " + BorrowerNotOnLoan},
		{"reserved with a due date", BookInstance{Book: "9", Imprint: "x", Status: "r", DueBack: "2030-01-31"}, "due_back: " + DueBackNotOnLoan},
		{"bad due date", BookInstance{Book: "9", Imprint: "x", Status: "o", Borrower: "alice", DueBack: "1950-02-30"}, "due_back: " + InvalidDate},
		{"imprint of 201 characters", BookInstance{Book: "9", Imprint: strings.Repeat("ø", 201), Status: "a"}, "imprint: Ensure this value has at most 200 characters (it has 201)."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok := tt.f.Validate()
			if got := errs(tt.f.Errors); got != tt.want || ok != (tt.want == "") {
				t.Errorf("Validate() = %v with\n%s\nwant\n%s", ok, got, tt.want)
			}
		})
	}
}

func TestBookInstanceChanged(t *testing.T) {
	due := models.MustDate("2030-01-31")
	alice := models.User{ID: 7, Username: "alice"}
	stored := models.BookInstance{BookID: 9, Book: models.Book{ID: 9, Title: "Foundation"}, Imprint: "x", Status: models.StatusOnLoan,
		DueBack: &due, BorrowerID: &alice.ID, Borrower: &alice, Version: 2}
	f := InitialBookInstance(stored)
	if f.Book != "Foundation #9" || f.Borrower != "alice" || f.DueBack != "2030-01-31" || f.Version != "2" {
		t.Fatalf("initial form %+v", f)
	}
	f.Status, f.Borrower, f.DueBack = models.StatusAvailable, "", ""
	if !f.Validate() {
		t.Fatal(f.Errors)
	}
	if got := strings.Join(f.Changed(stored, 9), ", "); got != "Status, Due back, Borrower" {
		t.Errorf("changed %q", got)
	}
	if empty := InitialBookInstance(models.BookInstance{}); empty.Status != models.StatusMaintenance || empty.Book != "" {
		t.Errorf("a new copy's form %+v", empty)
	}
}
