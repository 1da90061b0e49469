package e2e

import (
	"strings"
	"testing"
	"time"
)

// isbn13 completes twelve digits with their ISBN-13 check digit: weights 1 and 3 alternate, and
// the check digit brings the sum to a multiple of ten.
func isbn13(first12 string) string {
	sum := 0
	for i, r := range first12 {
		d := int(r - '0')
		if i%2 == 1 {
			d *= 3
		}
		sum += d
	}
	return first12 + string(rune('0'+(10-sum%10)%10))
}

// wrongCheckDigit returns isbn with its last digit changed, which no valid ISBN-13 allows.
func wrongCheckDigit(isbn string) string {
	last := isbn[len(isbn)-1]
	return isbn[:len(isbn)-1] + string(rune('0'+(last-'0'+1)%10))
}

// date is midnight of a calendar day, as a date input holds it.
func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.Local) }

// (e) A librarian creates an author (a date of death before the date of birth first: the message
// shows beside the field and the typed values stay), then a book in two genres (a mistyped ISBN
// first), then a copy of it, and deletes the copy. Every create form, one update form and one
// delete confirmation pass axe-core.
func TestJourneyCatalogManagement(t *testing.T) {
	j := start(t, "e-catalog-management")

	j.Open("/catalog/")
	j.Click("Login")
	j.LogIn("librarian", j.site.Passwords["librarian"])
	j.ExpectText("User: librarian", "Staff")

	j.expectNameForm("Create genre", "fantasy", "Genre already exists (case insensitive match)")
	j.expectNameForm("Create language", "english", "Language already exists (case insensitive match)")

	author := j.createAuthor()
	book := j.createBook(author)
	j.createAndDeleteCopy(book)
}

// expectNameForm opens a genre or language create form from the sidebar, checks it, and sends
// a name that exists already (in other letter case) to see the message beside the field.
func (j *journey) expectNameForm(link, taken, message string) {
	j.Click(link)
	j.ExpectHeading(link)
	j.CheckA11y()
	j.Fill("Name", taken)
	j.ExpectStatus(422)
	j.Click("Submit")
	j.ExpectHeading(link)
	j.ExpectFieldError("Name", message)
	j.ExpectValue("Name", taken)
	j.CheckA11y()
	j.Screenshot(strings.ToLower(strings.ReplaceAll(link, " ", "-")) + "-error")
}

// createAuthor creates Ursula K. Le Guin through the author form, a bad date first, and returns
// the path of her page.
func (j *journey) createAuthor() string {
	born, died := date(1929, time.October, 21), date(2018, time.January, 22)

	j.Click("Create author")
	j.ExpectHeading("Create author")
	j.CheckA11y()
	j.Fill("First name", "Ursula K.")
	j.Fill("Last name", "Le Guin")
	j.TypeDate("Date of birth", born)
	j.TypeDate("Died", born.AddDate(-1, 0, 0)) // a year before she was born
	j.ExpectStatus(422)
	j.Click("Submit")
	j.expectPosted("date_of_death", born.AddDate(-1, 0, 0).Format(time.DateOnly))
	j.ExpectPath("/catalog/author/create/")
	j.ExpectFieldError("Died", "Date of death cannot be before date of birth.")
	j.ExpectValue("First name", "Ursula K.")
	j.ExpectValue("Last name", "Le Guin")
	j.ExpectValue("Date of birth", born.Format(time.DateOnly))
	j.CheckA11y()
	j.Screenshot("author-form-error")

	j.TypeDate("Died", died)
	j.Click("Submit")
	j.expectPosted("first_name", "Ursula K.")
	j.ExpectHeading("Author: Le Guin, Ursula K.")
	j.ExpectText("Author created.", djangoDate(born)+" - "+djangoDate(died),
		"This author has no books in the library.")
	if p := j.Path(); !strings.HasPrefix(p, "/catalog/author/") || strings.HasSuffix(p, "/create/") {
		j.t.Fatalf("the new author is at %s, want /catalog/author/<id>", p)
	}
	j.Screenshot("author-created")
	return j.Path()
}

// createBook creates a book by the author at authorPath in two genres, an ISBN with a wrong
// check digit first, and returns the path of its page.
func (j *journey) createBook(authorPath string) string {
	const title = "The Left Hand of Darkness"
	summary := "On the planet Winter, whose people are neither man nor woman, an envoy seeks an alliance."
	isbn := isbn13("978044147812") // not one of the seeded books

	j.Click("Add a book by this author")
	j.ExpectHeading("Create book")
	j.ExpectChosen("Author", "Le Guin, Ursula K.")
	j.CheckA11y()
	j.Fill("Title", title)
	j.Fill("Summary", summary)
	j.Fill("ISBN", wrongCheckDigit(isbn))
	j.Check("Fantasy")
	j.Check("Science Fiction")
	j.Choose("Language", "English")
	j.ExpectStatus(422)
	j.Click("Submit")
	j.ExpectFieldError("ISBN", "This ISBN's check digit is wrong: look for a mistyped digit.")
	j.ExpectValue("Title", title)
	j.ExpectValue("Summary", summary)
	j.ExpectChosen("Author", "Le Guin, Ursula K.")
	j.ExpectChosen("Language", "English")
	j.ExpectChecked("Fantasy", "Science Fiction")
	j.CheckA11y()
	j.Screenshot("book-form-error")

	j.Fill("ISBN", isbn)
	j.Click("Submit")
	if genres := j.PostedAll("genre"); len(genres) != 2 {
		j.t.Errorf("the book form posted genre=%q, want two genres", genres)
	}
	j.ExpectHeading("Title: " + title)
	j.ExpectText("Book created.", "Author: Le Guin, Ursula K.", "Summary: "+summary, "ISBN: "+isbn,
		"Language: English", "Genre: Fantasy, Science Fiction", "There are no copies of this book in the library.")
	book := j.Path()
	j.Screenshot("book-created")

	j.Click("Le Guin, Ursula K.")
	j.ExpectPath(authorPath)
	j.ExpectText(title, summary)
	j.ExpectNoText("This author has no books in the library.")
	j.Click(title)
	j.ExpectPath(book)
	return book
}

// createAndDeleteCopy adds a copy of the book at bookPath, opens its edit form, deletes it, and
// checks that it is gone.
func (j *journey) createAndDeleteCopy(bookPath string) {
	const imprint = "Ace Books, 1969."

	j.Click("Add a copy")
	j.ExpectHeading("Create copy")
	j.ExpectChosen("Book", "The Left Hand of Darkness (Le Guin, Ursula K.)")
	j.ExpectChosen("Status", "Maintenance")
	j.CheckA11y()
	j.Fill("Imprint", imprint)
	j.Screenshot("copy-form")
	j.Click("Submit")
	copyPath := j.Path()
	id, ok := strings.CutPrefix(copyPath, "/catalog/bookinstance/")
	if !ok || len(id) != 36 {
		j.t.Fatalf("the new copy is at %s, want /catalog/bookinstance/<uuid>", copyPath)
	}
	j.ExpectHeading("ID: " + id)
	j.ExpectText("Copy created.", "Title: The Left Hand of Darkness", "Imprint: "+imprint, "Status: Maintenance")

	j.Click("The Left Hand of Darkness")
	j.ExpectPath(bookPath)
	j.ExpectText("Imprint: "+imprint, "Id: "+id)
	j.ExpectNoText("There are no copies of this book in the library.")
	j.Click(id)
	j.ExpectPath(copyPath)

	j.Click("Edit copy")
	j.ExpectHeading("Update copy: " + id + " (The Left Hand of Darkness)")
	j.ExpectValue("Imprint", imprint)
	j.CheckA11y()
	j.Screenshot("copy-update-form")
	j.Click("Cancel")
	j.ExpectPath(copyPath)

	j.Click("Delete copy")
	j.ExpectHeading("Delete copy: " + id)
	j.CheckA11y()
	j.Screenshot("copy-delete")
	j.Click("Delete")
	j.ExpectPath("/catalog/bookinstances/")
	j.ExpectText("Copy deleted: " + id + " (The Left Hand of Darkness).")

	j.ExpectStatus(404)
	j.Open(copyPath)
	j.ExpectHeading("Page not found")
	j.Open(bookPath)
	j.ExpectText("There are no copies of this book in the library.")
	j.ExpectNoText(id)
}
