package csvio_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"locallibrary/app/apptest"
	"locallibrary/app/csvio"
	"locallibrary/app/forms"
	"locallibrary/models"
)

func TestImportBooks(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		db := newDB(t, dialect)
		ctx := context.Background()
		libby := user(t, db, "libby", true)
		herbert := apptest.Author(t, db, "Frank", "Herbert")
		sf := apptest.Genre(t, db, "Science Fiction")
		english := apptest.Language(t, db, "English")
		dune := apptest.Book(t, db, "Dune", herbert, &english, sf)
		isbn10 := dune.ISBN[3:12] + isbn10CheckDigit(dune.ISBN[3:12])
		messiah, earthsea := isbn(), isbn()
		file := "title,author,summary,isbn,language,genres\n" +
			"Dune (revised),\"HERBERT, frank\",Summary of Dune," + isbn10[:1] + "-" + isbn10[1:] + ",english,science FICTION\n" +
			"Dune Messiah,\"Herbert, Frank\",The sequel.," + messiah + ",English,Science Fiction\n" +
			"A Wizard of Earthsea,\"Le Guin, Ursula K.\",\"Ged, a boy.\"," + earthsea + ",Français,\"Épopée; science fiction\"\n"
		rep, err := load(t, db, csvio.Books, file, csvio.Options{UserID: &libby.ID})
		want := csvio.Report{Rows: 3, Created: 2, Updated: 1, NewAuthors: 1, NewGenres: 1, NewLanguages: 1}
		if err != nil || !sameCounts(rep, want) {
			t.Fatalf("report %+v, %v; want %+v\n%s", rep, err, want, strings.Join(errLines(rep), "\n"))
		}
		got, err := models.GetBookForEdit(ctx, db, dune.ID)
		if err != nil || got.Title != "Dune (revised)" || got.Version != 2 {
			t.Errorf("the book with the ISBN-10 of Dune: %+v, %v", got, err)
		}
		b, err := models.LookupBook(ctx, db, earthsea)
		if err != nil {
			t.Fatal(err)
		}
		b, _ = models.GetBookForEdit(ctx, db, b.ID)
		if b.Author.String() != "Le Guin, Ursula K." || b.Language == nil || b.Language.Name != "Français" || b.Version != 1 ||
			len(b.Genres) != 2 || b.Genres[0].ID != sf.ID || b.Genres[1].Name != "Épopée" {
			t.Errorf("new book %+v with author %+v, language %+v, genres %+v", b, b.Author, b.Language, b.Genres)
		}
		if c := counts(t, db); c["catalog_author"] != 2 || c["catalog_genre"] != 2 || c["catalog_language"] != 2 || c["catalog_book"] != 3 {
			t.Errorf("counts %v", c)
		}
		history, _ := models.ObjectHistory(ctx, db, models.ContentBook, strconv.FormatInt(dune.ID, 10), 5)
		if len(history) != 1 || history[0].Message() != "Changed Title from a CSV file." || history[0].Actor() != "libby" {
			t.Errorf("history of the updated book: %+v", history)
		}
		for _, obj := range []struct{ content, id string }{{models.ContentBook, strconv.FormatInt(b.ID, 10)},
			{models.ContentAuthor, strconv.FormatInt(b.AuthorID, 10)}, {models.ContentLanguage, strconv.FormatInt(*b.LanguageID, 10)}} {
			e, _ := models.LastChange(ctx, db, obj.content, obj.id)
			if e == nil || e.Message() != "Added from a CSV file." || e.Actor() != "libby" {
				t.Errorf("%s %s was logged as %+v", obj.content, obj.id, e)
			}
		}

		before := counts(t, db)
		rep, err = load(t, db, csvio.Books, file, csvio.Options{})
		if want := (csvio.Report{Rows: 3, Unchanged: 3}); err != nil || !sameCounts(rep, want) {
			t.Errorf("again: %+v, %v; want %+v", rep, err, want)
		}
		if after := counts(t, db); !equalCounts(before, after) {
			t.Errorf("an import of the same file changed %v into %v", before, after)
		}

		rep, err = load(t, db, csvio.Books, strings.Replace(file, "The sequel.", "The second book.", 1), csvio.Options{})
		if want := (csvio.Report{Rows: 3, Updated: 1, Unchanged: 2}); err != nil || !sameCounts(rep, want) {
			t.Errorf("with one summary changed: %+v, %v; want %+v", rep, err, want)
		}
		m, _ := models.LookupBook(ctx, db, messiah)
		if e, _ := models.LastChange(ctx, db, models.ContentBook, strconv.FormatInt(m.ID, 10)); e == nil ||
			e.Message() != "Changed Summary from a CSV file." || e.Actor() != "a command-line import" {
			t.Errorf("the change from the command line was logged as %+v", e)
		}
	})
}

// isbn10CheckDigit completes the nine digits of an ISBN-10.
func isbn10CheckDigit(nine string) string {
	sum := 0
	for i, r := range nine {
		sum += (10 - i) * int(r-'0')
	}
	d := (11 - sum%11) % 11
	if d == 10 {
		return "X"
	}
	return strconv.Itoa(d)
}

func sameCounts(got, want csvio.Report) bool {
	return got.Rows == want.Rows && got.Created == want.Created && got.Updated == want.Updated && got.Unchanged == want.Unchanged &&
		got.NewAuthors == want.NewAuthors && got.NewGenres == want.NewGenres && got.NewLanguages == want.NewLanguages && len(got.Errors) == 0
}

func equalCounts(a, b map[string]int64) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return len(a) == len(b)
}

func TestImportBookRowErrors(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		db := newDB(t, dialect)
		john1, john2 := apptest.Author(t, db, "John", "Smith"), apptest.Author(t, db, "John", "Smith")
		taken := isbn()
		good := "Good,\"Doe, Jane\",Fine.," + taken + ",English,Fantasy\n"
		row := func(title, author, summary, isbn, language, genres string) string {
			return strings.Join([]string{title, author, summary, isbn, language, genres}, ",") + "\n"
		}
		tests := []struct {
			name, row string
			want      []string
		}{
			{"no title", row("", `"Doe, Jane"`, "s", isbn(), "English", "Fantasy"), []string{"row 3: title: " + forms.Required}},
			{"title of 201 characters", row(strings.Repeat("é", 201), `"Doe, Jane"`, "s", isbn(), "English", "Fantasy"),
				[]string{"row 3: title: Ensure this value has at most 200 characters (it has 201)."}},
			{"summary of 1001 characters", row("T", `"Doe, Jane"`, strings.Repeat("s", 1001), isbn(), "English", "Fantasy"),
				[]string{"row 3: summary: Ensure this value has at most 1000 characters (it has 1001)."}},
			{"wrong check digit", row("T", `"Doe, Jane"`, "s", "9780306406158", "English", "Fantasy"), []string{"row 3: isbn: " + forms.ISBNCheckDigit}},
			{"not an ISBN", row("T", `"Doe, Jane"`, "s", "12345", "English", "Fantasy"), []string{"row 3: isbn: " + forms.ISBNInvalid}},
			{"no genre", row("T", `"Doe, Jane"`, "s", isbn(), "English", " ; "), []string{"row 3: genres: " + forms.Required}},
			{"genre of 201 characters", row("T", `"Doe, Jane"`, "s", isbn(), "English", "Ok; "+strings.Repeat("g", 201)),
				[]string{"row 3: genres: Ensure this value has at most 200 characters (it has 201)."}},
			{"no language", row("T", `"Doe, Jane"`, "s", isbn(), "", "Fantasy"), []string{"row 3: language: " + forms.Required}},
			{"author without a first name", row("T", "Homer", "s", isbn(), "Greek", "Epic"), []string{"row 3: author: " + forms.AuthorFormat}},
			{"author's last name too long", row("T", `"`+strings.Repeat("x", 101)+`, Jo"`, "s", isbn(), "English", "Fantasy"),
				[]string{"row 3: author: Last name: Ensure this value has at most 100 characters (it has 101)."}},
			{"several errors", row("", "", "", "", "", ";"), nil},
			{"namesakes", row("T", `"smith, john"`, "s", isbn(), "English", "Fantasy"),
				[]string{"row 3: author: Several authors are called “smith, john”: choose one of " + john1.Ref() + "; " + john2.Ref() + "."}},
			{"the same ISBN twice", row("T", `"Doe, Jane"`, "s", taken, "English", "Fantasy"),
				[]string{"row 3: isbn: This ISBN is also on row 2: a file lists each book once."}},
			{"too few columns", "T,\"Doe, Jane\",s\n", []string{"row 3: expected 6 columns, as in the header, but found 3"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := counts(t, db)
				rep, err := load(t, db, csvio.Books, "title,author,summary,isbn,language,genres\n"+good+tt.row, csvio.Options{})
				if tt.want == nil {
					tt.want = []string{"row 3: title: " + forms.Required, "row 3: author: " + forms.Required, "row 3: summary: " + forms.Required,
						"row 3: isbn: " + forms.Required, "row 3: language: " + forms.Required, "row 3: genres: " + forms.Required}
				}
				if !errors.Is(err, csvio.ErrInvalid) || !slices.Equal(errLines(rep), tt.want) {
					t.Errorf("%v with errors\n%s\nwant\n%s", err, strings.Join(errLines(rep), "\n"), strings.Join(tt.want, "\n"))
				}
				if rep.Created+rep.Updated+rep.NewAuthors+rep.NewGenres+rep.NewLanguages != 0 {
					t.Errorf("a refused file reports writes: %+v", rep)
				}
				if after := counts(t, db); !equalCounts(before, after) {
					t.Errorf("a refused file changed %v into %v", before, after)
				}
			})
		}
		t.Run("namesake chosen by number", func(t *testing.T) {
			rep, err := load(t, db, csvio.Books, "title,author,summary,isbn,language,genres\n"+row("T", `"Smith, John #`+strconv.FormatInt(john2.ID, 10)+`"`, "s", isbn(), "English", "Fantasy"), csvio.Options{})
			if err != nil || rep.Created != 1 || rep.NewAuthors != 0 {
				t.Errorf("%+v, %v", rep, err)
			}
		})
	})
}

func TestImportIsAllOrNothingAcrossBatches(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		db := newDB(t, dialect)
		file := booksFile(2500)
		lines := strings.Split(file, "\n")
		lines[2402] = "Bad,\"Writer1, Ann\",s,9780306406158,Language 1,Genre 1" // row 2403, in the third batch
		before := counts(t, db)
		rep, err := load(t, db, csvio.Books, strings.Join(lines, "\n"), csvio.Options{})
		if !errors.Is(err, csvio.ErrInvalid) || !slices.Equal(errLines(rep), []string{"row 2403: isbn: " + forms.ISBNCheckDigit}) || rep.Rows != 2500 {
			t.Errorf("%v, %+v", err, errLines(rep))
		}
		if after := counts(t, db); !equalCounts(before, after) {
			t.Errorf("the batches before the bad row stayed: %v", after)
		}
		var progress []int64
		rep, err = load(t, db, csvio.Books, file, csvio.Options{DryRun: true, Preview: 2, Progress: func(n int64) { progress = append(progress, n) }})
		if err != nil || rep.Created != 2500 || rep.NewAuthors != 50 || rep.NewGenres != 7 || rep.NewLanguages != 3 {
			t.Errorf("dry run: %+v, %v", rep, err)
		}
		if !slices.Equal(progress, []int64{1000, 2000, 2500}) || len(rep.Preview) != 2 || rep.Preview[1][0] != "Book 1" || len(rep.Preview[1]) != 6 {
			t.Errorf("progress %v, preview %q", progress, rep.Preview)
		}
		if after := counts(t, db); !equalCounts(before, after) {
			t.Errorf("a dry run wrote %v", after)
		}
	})
}

func TestImportStopsAfterMaxErrors(t *testing.T) {
	db := newDB(t, apptest.SQLite)
	file := "title,author,summary,isbn,language,genres\n" + strings.Repeat("x,\"A, B\",s,1,English,Fantasy\n", 500)
	rep, err := load(t, db, csvio.Books, file, csvio.Options{})
	if !errors.Is(err, csvio.ErrInvalid) || len(rep.Errors) != csvio.MaxErrors || !rep.TooManyErrors || rep.Errors[99].Row != 101 {
		t.Errorf("%v: %d errors, too many %v, last %+v", err, len(rep.Errors), rep.TooManyErrors, rep.Errors[len(rep.Errors)-1])
	}
}

func TestImportStatementsPerBatch(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		var statements []int64
		for _, n := range []int{10, 900} {
			db := newDB(t, dialect)
			count := apptest.CountStatements(t, db)
			if _, err := load(t, db, csvio.Books, booksFile(n), csvio.Options{}); err != nil {
				t.Fatal(err)
			}
			statements = append(statements, count.Load())
		}
		if statements[0] != statements[1] {
			t.Errorf("importing 10 books took %d statements, 900 books %d", statements[0], statements[1])
		}
	})
}
