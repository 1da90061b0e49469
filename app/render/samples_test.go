package render_test

import (
	"time"

	"github.com/google/uuid"

	"locallibrary/app/csvio"
	"locallibrary/app/forms"
	"locallibrary/app/handlers"
	"locallibrary/app/render"
	"locallibrary/models"
)

// Stand-ins for the admin views' row types: templates read them by field name.
type (
	sampleObject  struct{ Key, Repr string }
	sampleCell    struct{ Text, Class string }
	sampleBlocker struct {
		Object               sampleObject
		Reason, Route, Query string
	}
	sampleRow struct {
		Key   string
		Cells []sampleCell
		Link  bool
	}
	sampleResult struct {
		Rows           []sampleRow
		Page           models.Page
		Filters        []forms.Filter
		Export, Import string
	}
)

var (
	bookOpts  = handlers.AdminModelNamed("book")
	userOpts  = handlers.AdminModelNamed("user")
	staffUser = models.User{ID: 8, Username: "libby", IsStaff: true, IsActive: true, Groups: []models.Group{{ID: 1, Name: "Librarians"}}}
	bookObj   = &sampleObject{Key: "9", Repr: "Foundation"}
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
	pickup    = models.Today().AddDays(5)
	readyHold = models.Hold{ID: 5, BookID: 9, Book: book, MemberID: 7, Member: member, Status: models.HoldReady,
		BookInstanceID: &available.ID, PlacedAt: lentAt, PickupUntil: &pickup}
	waitingHold = models.Hold{ID: 6, BookID: 9, Book: book, MemberID: 7, Member: member, Status: models.HoldWaiting, PlacedAt: lentAt, Position: 3}
	loan        = models.Loan{ID: 1, BookInstanceID: onLoan.ID, BookInstance: onLoan, Borrower: &member, Librarian: &libby, LentAt: lentAt, DueBack: due}
	page3       = mustPage("2", 25)
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
	"catalog/stats": {func() map[string]any {
		s := models.Stats{Overdue: 3, Waiting: models.Wait{Holds: 2, Avg: 36 * time.Hour}, Ready: models.Wait{Holds: 1, Avg: 72 * time.Hour}}
		top := []render.Item{{Label: "Foundation <and> Empire, a title far too long to be drawn whole", Href: "/catalog/book/9", Value: 12}}
		return map[string]any{"stats": s, "months": models.StatsMonths,
			"copies": render.NewBarChart("chart-copies", "Copies by status", "Bar chart.", "Status", "Copies",
				[]render.Item{{Label: "Maintenance", Value: 0}, {Label: "On loan", Value: 4}, {Label: "Available", Value: 7}}),
			"loans": render.NewBarChart("chart-loans", "Loans per month", "Bar chart.", "Month", "Loans", []render.Item{{Label: "Mar 2026", Value: 5}}),
			"top":   render.NewBarChart("chart-top", "Most borrowed", "Bar chart.", "Book", "Loans", top)}
	}, `<th scope="row"><a href="/catalog/book/9">Foundation &lt;and&gt; Empire, a title far too long to be drawn whole</a></th>`},
	"catalog/hold_list_user": {func() map[string]any {
		return map[string]any{"hold_list": []models.Hold{readyHold, waitingHold}}
	}, "Position in queue: 3"},
	"catalog/hold_list_all": {func() map[string]any {
		return map[string]any{"hold_list": []models.Hold{readyHold, waitingHold}, "page_obj": page3}
	}, "Ready for pickup until " + pickup.Display()},
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
	"admin/index": {func() map[string]any {
		type entry struct {
			Opts   *handlers.ModelAdmin
			Count  int64
			CanAdd bool
		}
		type app struct {
			Label  string
			Models []entry
		}
		type recent struct {
			Entry models.LogEntry
			Route string
		}
		u := libby
		return map[string]any{"app_list": []app{{"Catalog", []entry{{bookOpts, 7, true}, {handlers.AdminModelNamed("genre"), 3, false}}}},
			"recent_actions": []recent{
				{models.LogEntry{ObjectID: "9", ObjectRepr: "Foundation <i>", ContentType: models.ContentBook, ActionFlag: models.ActionAddition, User: &u, ActionTime: lentAt}, "admin:catalog_book_change"},
				{models.LogEntry{ObjectID: "4", ObjectRepr: "Gone", ContentType: models.ContentGenre, ActionFlag: models.ActionDeletion, ActionTime: lentAt}, ""},
			}}
	}, `<a href="/admin/catalog/book/9/change/">Foundation &lt;i&gt;</a>`},
	"admin/change_list": {func() map[string]any {
		cl := forms.ChangeList{Q: "found", Columns: models.BookColumns, Sort: []models.SortKey{{Column: 1, Desc: true}}}
		return map[string]any{"opts": bookOpts, "title": "Select book to change", "cl": cl, "headers": cl.Headers(), "can_add": true,
			"actions": []struct{ Name, Label string }{{"delete_selected", "Delete selected books"}},
			"result": sampleResult{Page: page3, Export: "admin:catalog_book_export", Import: "admin:catalog_book_import",
				Filters: []forms.Filter{{Title: "By genre", Choices: []forms.FilterChoice{{Label: "All", URL: "?"}, {Label: "Fantasy", URL: "?genre__id__exact=5", Selected: true}}}},
				Rows:    []sampleRow{{Key: "9", Link: true, Cells: []sampleCell{{Text: "Foundation"}, {Text: "Asimov, Isaac"}, {Text: "English"}, {Text: "9780553293357"}, {Text: "2"}}}}}}
	}, `<a class="btn btn-sm btn-outline-secondary" href="/admin/catalog/book/export.csv" download>Download CSV</a>`},
	"admin/change_form": {func() map[string]any {
		f := forms.InitialBook(book)
		f.Errors = withErrors("isbn", forms.ISBNCheckDigit)
		fs := forms.InitialCopyFormset(book, []models.BookInstance{onLoan})
		fs.Rows[0].Form.Errors = withErrors("borrower", forms.UnknownBorrowerMsg)
		return map[string]any{"opts": bookOpts, "title": "Change book: Foundation", "original": bookObj, "form": f, "formset": fs,
			"authors":   models.Choices{Options: []models.Option{{ID: 3, Label: "Asimov, Isaac", Text: "Asimov, Isaac #3"}}},
			"languages": models.Choices{Options: []models.Option{{ID: 4, Label: "English", Text: "English #4"}}},
			"genres":    []models.Option{{ID: 2, Label: "Science Fiction"}}, "members": []models.User{member},
			"statuses": models.LoanStatuses, "loan_help": forms.CopyLoanHelp}
	}, `name="bookinstance_set-0-borrower" id="id_bookinstance_set-0-borrower" value="alice"`},
	"admin/delete_confirmation": {func() map[string]any {
		return map[string]any{"opts": bookOpts, "title": "Delete book: Foundation", "object": bookObj,
			"blockers": []sampleBlocker{{Object: *bookObj, Reason: "2 copies", Route: "admin:catalog_bookinstance_changelist", Query: "?book__id__exact=9"}}}
	}, `<a href="/admin/catalog/bookinstance/?book__id__exact=9">2 copies</a>`},
	"admin/delete_selected_confirmation": {func() map[string]any {
		return map[string]any{"opts": bookOpts, "title": "Delete multiple books", "objects": []sampleObject{*bookObj, {Key: "10", Repr: "Dune & co"}},
			"action": "delete_selected", "list_query": "?q=x"}
	}, `<input type="hidden" name="_selected_action" value="10">`},
	"admin/action_confirmation": {func() map[string]any {
		return map[string]any{"opts": handlers.AdminModelNamed("bookinstance"), "title": "Mark copies as Available", "status_name": "Available",
			"objects": []models.BookInstance{available}, "on_loan": []models.BookInstance{onLoan}, "action": "mark_available", "list_query": ""}
	}, "These copies are on loan and stay as they are: check them in first."},
	"admin/hold_cancel_confirmation": {func() map[string]any {
		expired := waitingHold
		expired.ID, expired.Status = 4, models.HoldExpired
		return map[string]any{"opts": handlers.AdminModelNamed("hold"), "title": "Cancel holds", "objects": []models.Hold{readyHold},
			"closed": []models.Hold{expired}, "action": "cancel_holds", "list_query": "?q=x"}
	}, `<input type="hidden" name="_selected_action" value="5">`},
	"admin/object_history": {func() map[string]any {
		u := libby
		return map[string]any{"opts": bookOpts, "title": "Change history: Foundation", "object": bookObj, "action_list": []models.LogEntry{
			{ActionTime: lentAt, User: &u, ActionFlag: models.ActionChange, ChangeMessage: `[{"changed": {"fields": ["Title", "ISBN"]}}]`}}}
	}, "Changed Title and ISBN."},
	"admin/import": {func() map[string]any {
		rep := csvio.Report{Rows: 2, Preview: [][]string{{"Foundation <b>", "Asimov, Isaac", "Psychohistory.", "9780553293357", "English", "Science Fiction"}},
			Errors: []csvio.RowError{{Row: 3, Field: "isbn", Message: forms.ISBNCheckDigit}}}
		return map[string]any{"opts": bookOpts, "title": "Import books from a CSV file", "form": forms.Import{Filename: "books.csv"},
			"report": rep, "columns": csvio.Columns(csvio.Books), "max_errors": csvio.MaxErrors}
	}, "<li>row 3: isbn: This ISBN&#39;s check digit is wrong: look for a mistyped digit.</li>"},
	"admin/auth/user/add_form": {func() map[string]any {
		f := forms.UserCreation{Username: "new<member>", Errors: withErrors("password2", forms.PasswordMismatch)}
		return map[string]any{"opts": userOpts, "title": "Add user", "form": f}
	}, `value="new&lt;member&gt;"`},
	"admin/auth/user/change_password": {func() map[string]any {
		return map[string]any{"opts": userOpts, "title": "Change password: libby", "account": staffUser,
			"form": forms.SetPassword{Errors: withErrors("new_password2", forms.PasswordMismatch)}}
	}, `Enter a new password for the user <strong>libby</strong>.`},
}

// texts holds every plain-text template (e-mails), like pages.
var texts = map[string]page{
	"registration/password_reset_email": {func() map[string]any {
		return map[string]any{"user": models.User{Username: "O'Brien&<Co>"}, "base_url": "http://localhost:3000", "uid": "MQ", "token": "abc-123"}
	}, "http://localhost:3000/accounts/reset/MQ/abc-123/\n\nYour username, in case you've forgotten: O'Brien&<Co>\n"},
	"notices/hold_ready": {noticeData(models.NoticeHoldReady), "Subject: Your hold on \"Tom & Jerry's <Friends>\" is ready for pickup\n\n" +
		"Dear Ann O'Brien,\n\nA copy of \"Tom & Jerry's <Friends>\" is set aside for you at LocalLibrary. Please collect it by Dec. 1, 2026;" +
		" after that day it goes to the next member waiting.\n\nYour holds: http://localhost:3000/catalog/myholds/\n"},
	"notices/due_soon":  {noticeData(models.NoticeDueSoon), "is due back on Dec. 1, 2026.\n\nYour borrowed books: http://localhost:3000/catalog/mybooks/\n"},
	"notices/overdue_1": {noticeData(models.NoticeOverdue1), "Subject: \"Tom & Jerry's <Friends>\" is overdue\n"},
	"notices/overdue_7": {noticeData(models.NoticeOverdue7), "was due back on Dec. 1, 2026, more than a week ago."},
}

// noticeData is the sample of a notice of kind.
func noticeData(kind string) func() map[string]any {
	return func() map[string]any {
		n := models.DueNotice{Kind: kind, Key: 7, UserID: 3, Username: "ann", FirstName: "Ann", LastName: "O'Brien",
			Email: "ann@example.com", BookID: 5, Title: "Tom & Jerry's <Friends>", Date: models.MustDate("2026-12-01")}
		return map[string]any{"notice": n, "base_url": "http://localhost:3000"}
	}
}
