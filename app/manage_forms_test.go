package app_test

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"locallibrary/app/apptest"
	"locallibrary/app/forms"
	"locallibrary/models"
)

// esc is how html/template writes text into a page.
func esc(s string) string {
	return strings.NewReplacer("&", "&amp;", "'", "&#39;", "<", "&lt;", ">", "&gt;", `"`, "&#34;").Replace(s)
}

func TestManagementFormMessages(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		s := newShelf(t, dialect)
		id := func(v int64) string { return fmt.Sprint(v) }
		author := url.Values{"first_name": {"Mary Ann"}, "last_name": {"O'Brien"}, "date_of_birth": {"1950-02-01"}}
		book := url.Values{"title": {"Tehanu"}, "author": {id(s.author.ID)}, "summary": {"Tenar & Therru."}, "isbn": {"978-0-689-31595-1"},
			"language": {id(s.lang.ID)}, "genre": {id(s.genre.ID), id(s.unusedGenre.ID)}}
		copy := url.Values{"book": {id(s.book.ID)}, "imprint": {"Atheneum, 1990."}, "status": {"o"}, "borrower": {"alice"}, "due_back": {"2030-01-31"}}
		with := func(base url.Values, kv ...string) url.Values {
			f := maps.Clone(base)
			for i := 0; i < len(kv); i += 2 {
				if kv[i+1] == "" {
					f.Del(kv[i])
				} else {
					f.Set(kv[i], kv[i+1])
				}
			}
			return f
		}
		tests := []struct {
			name, path string
			form       url.Values
			msg        string
			kept       []string
		}{
			{"author: first name missing", "/catalog/author/create/", with(author, "first_name", ""), forms.Required, []string{`value="O&#39;Brien"`, `value="1950-02-01"`}},
			{"author: no such day", "/catalog/author/create/", with(author, "date_of_birth", "1950-02-30"), forms.InvalidDate, []string{`value="1950-02-30"`, `value="Mary Ann"`}},
			{"author: not a date", "/catalog/author/create/", with(author, "date_of_death", "soon"), forms.InvalidDate, []string{`value="soon"`}},
			{"author: death before birth", "/catalog/author/create/", with(author, "date_of_death", "1949-12-31"), forms.DeathBeforeBirth, []string{`value="1949-12-31"`}},
			{"author: name too long", "/catalog/author/create/", with(author, "last_name", strings.Repeat("é", 101)), "Ensure this value has at most 100 characters (it has 101).", nil},
			{"author update: blank", s.authorURL + "/update/", with(author, "last_name", " ", "version", "1"), forms.Required, []string{`value="Mary Ann"`}},
			{"genre: blank", "/catalog/genre/create/", url.Values{"name": {""}}, forms.Required, nil},
			{"genre: taken ignoring case", "/catalog/genre/create/", url.Values{"name": {"FANTASY"}}, forms.GenreExists, []string{`value="FANTASY"`}},
			{"genre: renamed to a taken name", s.unusedGenreURL + "/update/", url.Values{"name": {"fantasy"}, "version": {"1"}}, forms.GenreExists, []string{`value="fantasy"`}},
			{"genre: too long", "/catalog/genre/create/", url.Values{"name": {strings.Repeat("ü", 201)}}, "at most 200 characters (it has 201)", nil},
			{"language: taken ignoring case", "/catalog/language/create/", url.Values{"name": {"english"}}, forms.LanguageExists, []string{`value="english"`}},
			{"book: title missing", "/catalog/book/create/", with(book, "title", ""), forms.Required,
				[]string{"Tenar &amp; Therru.</textarea>", fmt.Sprintf(`id="id_genre_%d" checked`, s.genre.ID), fmt.Sprintf(`id="id_genre_%d" checked`, s.unusedGenre.ID),
					fmt.Sprintf(`<option value="%d" selected>`, s.author.ID), fmt.Sprintf(`<option value="%d" selected>English`, s.lang.ID)}},
			{"book: title too long", "/catalog/book/create/", with(book, "title", strings.Repeat("ñ", 201)), "at most 200 characters (it has 201)", nil},
			{"book: summary too long", "/catalog/book/create/", with(book, "summary", strings.Repeat("€", 1001)), "at most 1000 characters (it has 1001)", nil},
			{"book: wrong check digit", "/catalog/book/create/", with(book, "isbn", "978-0-689-31595-2"), forms.ISBNCheckDigit, []string{`value="978-0-689-31595-2"`}},
			{"book: not an ISBN", "/catalog/book/create/", with(book, "isbn", "12345"), forms.ISBNInvalid, []string{`value="12345"`}},
			{"book: ISBN taken", "/catalog/book/create/", with(book, "isbn", s.book.ISBN), forms.ISBNExists, []string{`value="Tehanu"`}},
			{"book: ISBN taken as ISBN-10", "/catalog/book/create/", with(book, "isbn", isbn10Of(s.book.ISBN)), forms.ISBNExists, nil},
			{"book: no genre", "/catalog/book/create/", with(book, "genre", ""), forms.Required, []string{`value="Tehanu"`}},
			{"book: unknown genre", "/catalog/book/create/", with(book, "genre", "999999"), "Select a valid choice. 999999 is not one of the available choices.", nil},
			{"book: unknown author", "/catalog/book/create/", with(book, "author", "999999"), forms.InvalidChoice, nil},
			{"book: unknown language", "/catalog/book/create/", with(book, "language", "999999"), forms.InvalidChoice, nil},
			{"book: no language", "/catalog/book/create/", with(book, "language", ""), forms.Required, nil},
			{"book update: ISBN taken", s.bareURL + "/update/", with(book, "isbn", s.book.ISBN, "version", "1"), forms.ISBNExists, nil},
			{"copy: no imprint", "/catalog/bookinstance/create/", with(copy, "imprint", ""), forms.Required, []string{`value="alice"`, `value="2030-01-31"`}},
			{"copy: unknown status", "/catalog/bookinstance/create/", with(copy, "status", "x"), "Select a valid choice. x is not one of the available choices.", nil},
			{"copy: on loan without borrower", "/catalog/bookinstance/create/", with(copy, "borrower", ""), forms.LoanNeedsBorrower, nil},
			{"copy: on loan without due date", "/catalog/bookinstance/create/", with(copy, "due_back", ""), forms.LoanNeedsDueDate, nil},
			{"copy: due date when available", "/catalog/bookinstance/create/", with(copy, "status", "a", "borrower", ""), forms.DueBackNotOnLoan,
				[]string{`<option value="a" selected>Available</option>`}},
			{"copy: borrower in maintenance", "/catalog/bookinstance/create/", with(copy, "status", "d", "due_back", ""), forms.BorrowerNotOnLoan, nil},
			{"copy: unknown borrower", "/catalog/bookinstance/create/", with(copy, "borrower", "nobody"), forms.UnknownBorrowerMsg, []string{`value="nobody"`}},
			{"copy: bad due date", "/catalog/bookinstance/create/", with(copy, "due_back", "1950-02-30"), forms.InvalidDate, nil},
			{"copy: unknown book", "/catalog/bookinstance/create/", with(copy, "book", "999999"), forms.InvalidChoice, nil},
			{"copy update: borrower when available", s.copyURL + "/update/", with(copy, "status", "a", "due_back", "", "version", "1"), forms.BorrowerNotOnLoan, nil},
		}
		before := s.count(t, &models.LogEntry{}, "")
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := s.lib.Post(tt.path, tt.form)
				if apptest.Status(t, r, http.StatusUnprocessableEntity) {
					apptest.Contains(t, r.Body, esc(tt.msg))
					apptest.Contains(t, r.Body, tt.kept...)
				}
			})
		}
		if after := s.count(t, &models.LogEntry{}, ""); after != before {
			t.Errorf("%d changes logged by invalid forms", after-before)
		}
	})
}

// isbn10Of returns the ISBN-10 of a 978 ISBN-13.
func isbn10Of(isbn13 string) string {
	nine := isbn13[3:12]
	sum := 0
	for i, r := range nine {
		sum += (10 - i) * int(r-'0')
	}
	check := (11 - sum%11) % 11
	if check == 10 {
		return nine + "X"
	}
	return nine + fmt.Sprint(check)
}

func TestAuthorFieldBeyondTheSelectLimit(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		s := newShelf(t, dialect)
		authors := make([]models.Author, models.SelectLimit)
		for i := range authors {
			authors[i] = models.Author{FirstName: "Writer", LastName: fmt.Sprintf("Number %04d", i)}
		}
		authors[0].LastName, authors[1].LastName = "Smith", "Smith"
		authors[0].FirstName, authors[1].FirstName = "John", "John"
		if err := s.db.CreateInBatches(authors, 200).Error; err != nil {
			t.Fatal(err)
		}
		page := s.lib.Get("/catalog/book/create/").Body
		apptest.Contains(t, page, `type="text" name="author" id="id_author"`, `<datalist id="author-suggestions">`,
			fmt.Sprintf(`<option value="Number 0999, Writer #%d">`, authors[len(authors)-1].ID))
		apptest.Excludes(t, page, `<select class="form-select" name="author"`)
		if n := strings.Count(page, `<option value="Number`); n != models.SuggestionLimit {
			t.Errorf("%d suggestions, want %d", n, models.SuggestionLimit)
		}
		form := url.Values{"title": {"Typed"}, "summary": {"s"}, "language": {fmt.Sprint(s.lang.ID)}, "genre": {fmt.Sprint(s.genre.ID)}}
		tests := []struct {
			typed  string
			author int64
			msg    string
		}{
			{"Le Guin, Ursula", s.author.ID, ""},
			{"  le guin ,  URSULA ", s.author.ID, ""},
			{"Le Guin", s.author.ID, ""},
			{fmt.Sprintf("Smith, John #%d", authors[1].ID), authors[1].ID, ""},
			{"Number 0500, Writer", authors[500].ID, ""},
			{"Guin, Ursula Le", 0, "No author is called “Guin, Ursula Le”"},
			{"Smith, John", 0, fmt.Sprintf("Several authors are called “Smith, John”: choose one of Smith, John #%d; Smith, John #%d.", authors[0].ID, authors[1].ID)},
			{"Nobody #999999", 0, forms.InvalidChoice},
		}
		for i, tt := range tests {
			t.Run(tt.typed, func(t *testing.T) {
				f := maps.Clone(form)
				f.Set("author", tt.typed)
				f.Set("isbn", isbnNumber(i))
				r := s.lib.Post("/catalog/book/create/", f)
				if tt.msg != "" {
					if apptest.Status(t, r, http.StatusUnprocessableEntity) {
						apptest.Contains(t, r.Body, esc(tt.msg), `value="`+esc(strings.TrimSpace(tt.typed))+`"`)
					}
					return
				}
				id := location(t, r, "/catalog/book/")
				if n := s.count(t, &models.Book{}, "id = ? AND author_id = ?", id, tt.author); n != 1 {
					t.Errorf("the book is not by author %d", tt.author)
				}
			})
		}
	})
}

// isbnNumber returns a valid ISBN-13, a different one for each n.
func isbnNumber(n int) string {
	first12 := fmt.Sprintf("979%09d", 100000000+n)
	return first12 + string(models.ISBN13CheckDigit(first12))
}

func TestCopyFormKeepsTheLoanHistory(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		s := newShelf(t, dialect)
		bob := apptest.User(t, s.db, "bob", goodPassword)
		due, later := models.Today().AddDays(14).String(), models.Today().AddDays(20).String()
		type loanRow struct {
			BorrowerID  int64
			LibrarianID int64
			DueBack     models.Date
			Open        bool
		}
		loans := func(copyID string) []loanRow {
			t.Helper()
			var ls []models.Loan
			if err := s.db.Where("bookinstance_id = ?", copyID).Order("id").Find(&ls).Error; err != nil {
				t.Fatal(err)
			}
			var rows []loanRow
			for _, l := range ls {
				rows = append(rows, loanRow{*l.BorrowerID, *l.LibrarianID, l.DueBack, l.ReturnedAt == nil})
			}
			return rows
		}
		want := func(copyID string, rows ...loanRow) {
			t.Helper()
			if got := loans(copyID); fmt.Sprint(got) != fmt.Sprint(rows) {
				t.Errorf("loans %v, want %v", got, rows)
			}
		}
		form := url.Values{"book": {fmt.Sprint(s.book.ID)}, "imprint": {"Parnassus, 1968."}, "status": {"o"}, "borrower": {"alice"}, "due_back": {due}}
		id := location(t, s.lib.Post("/catalog/bookinstance/create/", form), "/catalog/bookinstance/")
		want(id, loanRow{s.alice.ID, s.libby.ID, models.MustDate(due), true})
		apptest.Contains(t, s.member.Get("/catalog/mybooks/").Body, "A Wizard of Earthsea")

		steps := []struct {
			name  string
			set   []string
			loans []loanRow
		}{
			{"a new due date moves the open loan's", []string{"due_back", later},
				[]loanRow{{s.alice.ID, s.libby.ID, models.MustDate(later), true}}},
			{"another borrower closes one loan and opens another", []string{"borrower", "bob"},
				[]loanRow{{s.alice.ID, s.libby.ID, models.MustDate(later), false}, {bob.ID, s.libby.ID, models.MustDate(later), true}}},
			{"taken off loan, the loan is closed", []string{"status", "a", "borrower", "", "due_back", ""},
				[]loanRow{{s.alice.ID, s.libby.ID, models.MustDate(later), false}, {bob.ID, s.libby.ID, models.MustDate(later), false}}},
		}
		for i, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				for j := 0; j < len(st.set); j += 2 {
					form.Set(st.set[j], st.set[j+1])
				}
				form.Set("version", fmt.Sprint(i+1))
				location(t, s.lib.Post("/catalog/bookinstance/"+id+"/update/", form), "/catalog/bookinstance/"+id)
				want(id, st.loans...)
			})
		}
		var bi models.BookInstance
		s.db.Take(&bi, "id = ?", id)
		if bi.Status != models.StatusAvailable || bi.BorrowerID != nil || bi.DueBack != nil {
			t.Errorf("copy %+v", bi)
		}
		// The check-out desk moves the version on, so a form opened before it is stale.
		opened := s.lib.Get("/catalog/bookinstance/" + id + "/update/")
		apptest.Contains(t, opened.Body, `name="version" value="4"`)
		if err := models.CheckOut(t.Context(), s.db, bi.ID, s.alice.ID, s.libby.ID, models.Today().AddDays(7), models.HoldRules{PickupDays: 7}, time.Now()); err != nil {
			t.Fatal(err)
		}
		form.Set("version", "4")
		form.Set("imprint", "Edited after the check-out")
		r := s.lib.Post("/catalog/bookinstance/"+id+"/update/", form)
		if apptest.Status(t, r, http.StatusConflict) {
			apptest.Contains(t, r.Body, "This copy was changed by someone else", `<option value="o" selected>On loan</option>`, `value="alice"`,
				"Edited after the check-out")
		}
		// A copy on loan cannot be deleted.
		apptest.Contains(t, s.lib.Get("/catalog/bookinstance/"+id+"/delete/").Body, "You can't delete this copy while it is on loan to alice")
		r = s.lib.Post("/catalog/bookinstance/"+id+"/delete/", nil)
		apptest.Status(t, r, http.StatusConflict)
		apptest.Contains(t, r.Body, "You can't delete this copy while it is on loan to alice")
		if s.count(t, &models.BookInstance{}, "id = ?", id) != 1 {
			t.Error("the copy on loan was deleted")
		}
	})
}
