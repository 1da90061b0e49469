package render_test

import (
	"time"

	"github.com/google/uuid"

	"locallibrary/app/forms"
	"locallibrary/models"
)

// Sample data for the pages.
var (
	born     = models.MustDate("1920-01-02")
	due      = models.Today().AddDays(-2)
	lentAt   = time.Date(2026, 3, 1, 10, 30, 0, 0, time.UTC)
	member   = models.User{ID: 7, Username: "alice", FirstName: "Alice", IsActive: true}
	libby    = models.User{ID: 8, Username: "libby", IsActive: true, IsStaff: true}
	author   = models.Author{ID: 3, FirstName: "Isaac", LastName: "Asimov", DateOfBirth: &born}
	genre    = models.Genre{ID: 2, Name: "Science Fiction"}
	language = models.Language{ID: 4, Name: "English"}
	book     = models.Book{ID: 9, Title: "Foundation", AuthorID: 3, Author: author, Summary: "Psychohistory.", ISBN: "9780553293357",
		Language: &language, Genres: []models.Genre{genre}}
	onLoan = models.BookInstance{ID: uuid.MustParse("6f1c3c1e-4f57-4d5c-9a59-1d1b8f0c7a10"), BookID: 9, Book: book, Imprint: "Gnome Press, 1951.",
		Status: models.StatusOnLoan, DueBack: &due, BorrowerID: &member.ID, Borrower: &member}
	available = models.BookInstance{ID: uuid.MustParse("0b6f6d0e-2c55-4f5e-8f0a-3f7c2a9d1e21"), BookID: 9, Book: book, Imprint: "Bantam, 1991.",
		Status: models.StatusAvailable}
	loan  = models.Loan{ID: 1, BookInstanceID: onLoan.ID, BookInstance: onLoan, Borrower: &member, Librarian: &libby, LentAt: lentAt, DueBack: due}
	page3 = mustPage("2", 25)
)

func mustPage(n string, count int64) models.Page {
	p, err := models.NewPage(n, count, nil)
	if err != nil {
		panic(err)
	}
	return p
}

func withErrors(field, msg string) forms.Errors { return forms.Errors{field: {msg}} }

// page is a template with sample data and a piece of what it must show.
type page struct {
	data func() map[string]any
	want string
}

// pages holds every page template under views/ (layouts and partials are rendered inside
// them). A new page template must be added here with sample data: the test fails otherwise.
var pages = map[string]page{
	"catalog/index": {func() map[string]any {
		return map[string]any{"num_books": 7, "num_instances": 11, "num_instances_available": 5, "num_authors": 5, "num_genres": 3, "num_visits": 1}
	}, "You have visited this page 1 time."},
	"catalog/book_list": {func() map[string]any {
		return map[string]any{"book_list": []models.Book{book}, "page_obj": page3}
	}, `<a href="/catalog/book/9">Foundation</a> (Asimov, Isaac)`},
	"catalog/book_detail": {func() map[string]any {
		b := book
		b.Copies = []models.BookInstance{available, onLoan}
		return map[string]any{"book": b}
	}, `<a href="/catalog/author/3">Asimov, Isaac</a>`},
	"catalog/book_search": {func() map[string]any {
		return map[string]any{"form": forms.Search{Q: "found", Available: true}, "book_list": []models.Book{book}, "page_obj": mustPage("", 1)}
	}, "1 book found for “found”"},
	"catalog/book_renew_librarian": {func() map[string]any {
		return map[string]any{"book_instance": onLoan, "borrower": "alice", "help": forms.RenewalHelp,
			"form": forms.RenewBook{RenewalDate: "someday", Errors: withErrors("renewal_date", forms.InvalidDate)}}
	}, `value="someday"`},
	"catalog/author_list": {func() map[string]any {
		return map[string]any{"author_list": []models.Author{author}, "page_obj": page3}
	}, `<a href="/catalog/author/3">Asimov, Isaac</a> (Jan. 2, 1920 - )`},
	"catalog/author_detail": {func() map[string]any {
		return map[string]any{"author": author, "book_list": []models.Book{book}, "page_obj": page3}
	}, `<a href="/catalog/book/9">Foundation</a>`},
	"catalog/genre_list": {func() map[string]any {
		return map[string]any{"genre_list": []models.Genre{genre}, "page_obj": page3}
	}, `<a href="/catalog/genre/2">Science Fiction</a>`},
	"catalog/genre_detail": {func() map[string]any {
		return map[string]any{"genre": genre, "book_list": []models.Book{book}, "page_obj": page3}
	}, "Genre: Science Fiction"},
	"catalog/language_list": {func() map[string]any {
		return map[string]any{"language_list": []models.Language{language}, "page_obj": page3}
	}, `<a href="/catalog/language/4">English</a>`},
	"catalog/language_detail": {func() map[string]any {
		return map[string]any{"language": language, "book_list": []models.Book{book}, "page_obj": page3}
	}, "Language: English"},
	"catalog/bookinstance_list": {func() map[string]any {
		return map[string]any{"bookinstance_list": []models.BookInstance{onLoan, available}, "page_obj": page3}
	}, `<span class="text-warning-emphasis">On loan</span>`},
	"catalog/bookinstance_detail": {func() map[string]any {
		return map[string]any{"bookinstance": onLoan, "borrower": member, "members": []models.User{member}, "loans": []models.Loan{loan},
			"checkout": forms.InitialCheckOut()}
	}, "Due back:</strong> " + due.Display()},
	"catalog/bookinstance_list_borrowed_user": {func() map[string]any {
		return map[string]any{"bookinstance_list": []models.BookInstance{onLoan}, "page_obj": page3}
	}, `<a href="/catalog/loans/">Your loan history</a>`},
	"catalog/bookinstance_list_borrowed_all": {func() map[string]any {
		return map[string]any{"bookinstance_list": []models.BookInstance{onLoan}, "page_obj": page3}
	}, `<a href="/catalog/book/` + onLoan.ID.String() + `/renew/">Renew</a>`},
	"catalog/loan_list": {func() map[string]any {
		return map[string]any{"member": member, "loan_list": []models.Loan{loan}, "page_obj": page3}
	}, "2026-03-01 10:30 UTC"},
	"catalog/author_form": {func() map[string]any {
		f := forms.InitialAuthor(author)
		f.DateOfDeath, f.Errors = "1950-02-30", withErrors("date_of_death", forms.InvalidDate)
		f.Conflict = forms.Conflict{Yours: []forms.Field{{Label: "Last name", Value: "Asimov <b>"}}}
		return map[string]any{"title": "Update author: Asimov, Isaac", "author": &author, "form": f}
	}, `name="date_of_death" id="id_date_of_death" value="1950-02-30"`},
	"catalog/author_confirm_delete": {func() map[string]any {
		return map[string]any{"author": author, "book_list": []models.Book{book}, "more": int64(4)}
	}, "You can't delete this author until all their books have been deleted:"},
	"catalog/book_form": {func() map[string]any {
		f := forms.InitialBook(book)
		f.Errors = withErrors("isbn", forms.ISBNCheckDigit)
		return map[string]any{"title": "Update book: Foundation", "book": &book, "form": f,
			"authors":   models.Choices{Options: []models.Option{{ID: 3, Label: "Asimov, Isaac", Text: "Asimov, Isaac #3"}}},
			"languages": models.Choices{Options: []models.Option{{ID: 4, Label: "English", Text: "English #4"}}, Many: true},
			"genres":    []models.Option{{ID: 2, Label: "Science Fiction"}, {ID: 5, Label: "Fantasy"}}}
	}, `<option value="3" selected>Asimov, Isaac</option>`},
	"catalog/book_confirm_delete": {func() map[string]any {
		return map[string]any{"book": book, "bookinstance_list": []models.BookInstance{available}, "more": int64(0)}
	}, "You can't delete this book until all its copies have been deleted:"},
	"catalog/genre_form": {func() map[string]any {
		f := forms.InitialName("Horror", 2)
		f.Errors = withErrors("name", forms.GenreExists)
		return map[string]any{"title": "Create genre", "form": f}
	}, "Genre already exists (case insensitive match)"},
	"catalog/genre_confirm_delete": {func() map[string]any {
		return map[string]any{"genre": genre, "book_list": []models.Book{}, "more": int64(0)}
	}, "Are you sure you want to delete the genre: Science Fiction?"},
	"catalog/language_form": {func() map[string]any {
		return map[string]any{"title": "Update language: English", "language": &language, "form": forms.InitialName("English", 1)}
	}, `<a class="btn btn-link" href="/catalog/language/4">Cancel</a>`},
	"catalog/language_confirm_delete": {func() map[string]any {
		return map[string]any{"language": language, "book_list": []models.Book{book}, "more": int64(11)}
	}, "… and 11 more"},
	"catalog/bookinstance_form": {func() map[string]any {
		f := forms.InitialBookInstance(onLoan)
		f.Errors = withErrors("borrower", forms.UnknownBorrowerMsg)
		return map[string]any{"title": "Update copy", "bookinstance": &onLoan, "form": f, "members": []models.User{member},
			"books":    models.Choices{Options: []models.Option{{ID: 9, Label: "Foundation (Asimov, Isaac)", Text: "Foundation #9"}}, Many: true},
			"statuses": models.LoanStatuses, "loan_help": forms.CopyLoanHelp}
	}, `<option value="o" selected>On loan</option>`},
	"catalog/bookinstance_confirm_delete": {func() map[string]any {
		return map[string]any{"bookinstance": onLoan}
	}, "You can't delete this copy while it is on loan to alice"},
	"errors/403": {func() map[string]any { return map[string]any{"detail": "No entry."} }, "No entry."},
	"errors/404": {func() map[string]any { return map[string]any{} }, "Page not found"},
	"errors/500": {func() map[string]any { return map[string]any{} }, "Server error"},
	"errors/503": {func() map[string]any { return map[string]any{} }, "Service unavailable"},
	"errors/error": {func() map[string]any {
		return map[string]any{"status": 429, "status_text": "Too Many Requests", "detail": "Slow down."}
	}, "429 Too Many Requests"},
	"registration/login": {func() map[string]any {
		f := forms.Login{Username: "alice", Next: "/catalog/mybooks/"}
		f.Errors = forms.Errors{}
		f.Failed()
		return map[string]any{"form": f}
	}, `name="next" value="/catalog/mybooks/"`},
	"registration/logged_out": {func() map[string]any { return map[string]any{} }, `<a href="/accounts/login/">`},
	"registration/password_change_form": {func() map[string]any {
		return map[string]any{"form": forms.PasswordChange{SetPassword: forms.SetPassword{Errors: withErrors("old_password", forms.OldPasswordWrong)}}}
	}, `action="/accounts/password_change/"`},
	"registration/password_change_done": {func() map[string]any { return map[string]any{} }, "Your password was changed."},
	"registration/password_reset_form": {func() map[string]any {
		return map[string]any{"form": forms.PasswordReset{Email: "x", Errors: withErrors("email", forms.InvalidEmail)}}
	}, `action="/accounts/password_reset/"`},
	"registration/password_reset_done": {func() map[string]any { return map[string]any{} }, "We’ve emailed you instructions"},
	"registration/password_reset_confirm": {func() map[string]any {
		return map[string]any{"validlink": true, "form": forms.SetPassword{Errors: withErrors("new_password2", forms.PasswordMismatch)}}
	}, "The two password fields didn’t match."},
	"registration/password_reset_complete": {func() map[string]any { return map[string]any{} }, `<a href="/accounts/login/">Log in</a>`},
}

// texts holds every plain-text template (e-mails), like pages.
var texts = map[string]page{
	"registration/password_reset_email": {func() map[string]any {
		return map[string]any{"user": models.User{Username: "O'Brien&<Co>"}, "base_url": "http://localhost:3000", "uid": "MQ", "token": "abc-123"}
	}, "http://localhost:3000/accounts/reset/MQ/abc-123/\n\nYour username, in case you've forgotten: O'Brien&<Co>\n"},
}
