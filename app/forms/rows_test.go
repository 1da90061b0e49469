package forms

import (
	"slices"
	"strings"
	"testing"

	"locallibrary/models"
)

func TestBookRowForm(t *testing.T) {
	good := func() Book {
		return NewBookRow(" Foundation ", "Asimov, Isaac", "Psychohistory.", "0-306-40615-2", "English", []string{"Science Fiction", " science fiction ", "", "Épopée"})
	}
	tests := []struct {
		name   string
		change func(*Book)
		want   string
	}{
		{"valid", func(*Book) {}, ""},
		{"a ref's number", func(f *Book) { f.Author = "Asimov, Isaac #3" }, ""},
		{"author without a comma", func(f *Book) { f.Author = "Homer" }, "author: " + AuthorFormat},
		{"author without a first name", func(f *Book) { f.Author = "Homer, " }, "author: " + AuthorFormat},
		{"author's first name of 101 characters", func(f *Book) { f.Author = "Asimov, " + strings.Repeat("é", 101) },
			"author: First name: Ensure this value has at most 100 characters (it has 101)."},
		{"language of 201 characters", func(f *Book) { f.Language = strings.Repeat("l", 201) },
			"language: Ensure this value has at most 200 characters (it has 201)."},
		{"genres all blank", func(f *Book) { f.Genre = []string{" ", ""} }, "genre: " + Required},
		{"genre of 201 characters", func(f *Book) { f.Genre = []string{"Fine", strings.Repeat("g", 201)} },
			"genre: Ensure this value has at most 200 characters (it has 201)."},
		{"bad ISBN and no language", func(f *Book) { f.ISBN, f.Language = "0-306-40615-3", " " }, "isbn: " + ISBNCheckDigit + "\nlanguage: " + Required},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := good()
			tt.change(&f)
			ok := f.Validate()
			if got := errs(f.Errors); got != tt.want || ok != (tt.want == "") {
				t.Fatalf("Validate() = %v with\n%s\nwant\n%s", ok, got, tt.want)
			}
			if !ok {
				return
			}
			a := f.NamedAuthor()
			if a.LastName != "Asimov" || a.FirstName != "Isaac" || !a.Validate() {
				t.Errorf("named author %+v", a)
			}
			if !slices.Equal(f.Genre, []string{"Science Fiction", "Épopée"}) || f.Title != "Foundation" || f.Book(0, 1, 2).ISBN != "9780306406157" {
				t.Errorf("form %+v", f)
			}
		})
	}
}

func TestBookRowChangedAsTheWebForm(t *testing.T) {
	lang := int64(4)
	stored := models.Book{ID: 9, Title: "Foundation", AuthorID: 3, Summary: "Psychohistory.", ISBN: "9780306406157", LanguageID: &lang,
		Language: &models.Language{ID: 4}, Genres: []models.Genre{{ID: 2}, {ID: 10}}}
	f := NewBookRow("Foundation", "Asimov, Isaac", "Psychohistory.", "0-306-40615-2", "English", []string{"SF", "Epic"})
	if !f.Validate() {
		t.Fatal(f.Errors)
	}
	f.GenresFound([]int64{10, 2})
	if got := f.Changed(stored, 3, 4); len(got) != 0 {
		t.Errorf("the same book, its genres in another order, changed %q", got)
	}
	f.GenresFound([]int64{10})
	if got := f.Changed(stored, 5, 4); !slices.Equal(got, []string{"Author", "Genre"}) {
		t.Errorf("changed %q, want Author and Genre", got)
	}
	if ids := f.GenreIDs(); !slices.Equal(ids, []int64{10}) {
		t.Errorf("genre ids %v", ids)
	}
}

func TestBookInstanceRowForm(t *testing.T) {
	tests := []struct {
		status, code, want string
	}{
		{"Available", models.StatusAvailable, ""},
		{" on LOAN ", models.StatusOnLoan, "due_back: " + LoanNeedsDueDate + "\nborrower: " + LoanNeedsBorrower},
		{"r", models.StatusReserved, ""},
		{"Lost", "Lost", "status: Select a valid choice. Lost is not one of the available choices."},
	}
	for _, tt := range tests {
		t.Run(tt.status, func(t *testing.T) {
			f := NewBookInstanceRow("0-306-40615-2", "Ace", tt.status, "", "")
			f.Validate()
			if f.Status != tt.code || errs(f.Errors) != tt.want {
				t.Errorf("status %q with\n%s\nwant %q with\n%s", f.Status, errs(f.Errors), tt.code, tt.want)
			}
			if f.ISBN() != "9780306406157" {
				t.Errorf("ISBN() = %q", f.ISBN())
			}
		})
	}
	f := NewBookInstanceRow("9780306406158", "Ace", "a", "", "")
	if f.Validate(); errs(f.Errors) != "book: "+ISBNCheckDigit {
		t.Errorf("a wrong ISBN: %s", errs(f.Errors))
	}
}
