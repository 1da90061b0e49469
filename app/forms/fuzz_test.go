package forms

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"locallibrary/app/auth"
	"locallibrary/models"
)

// withRequest runs fn on a Fiber context for a POST of body (URL-encoded) to a URL with query.
func withRequest(app *fiber.App, query string, body []byte, fn func(c *fiber.Ctx)) {
	fctx := &fasthttp.RequestCtx{}
	fctx.Request.Header.SetMethod(fiber.MethodPost)
	fctx.Request.SetRequestURI("/form/?" + query)
	fctx.Request.Header.SetContentType(fiber.MIMEApplicationForm)
	fctx.Request.SetBody(body)
	c := app.AcquireCtx(fctx)
	defer app.ReleaseCtx(c)
	fn(c)
}

// FuzzDecodeForms reads every form of the site from arbitrary query strings and bodies and
// validates it: nothing panics, and what a form accepts keeps its own rules.
func FuzzDecodeForms(f *testing.F) {
	f.Add("q=wind&available=1", []byte("username=member&password=pw&next=%2Fcatalog%2F"))
	f.Add("q="+strings.Repeat("%E6%9D%B1", 250), []byte("renewal_date=2030-01-01&borrower=x&due_back=2030-01-02"))
	f.Add("q=%FF%00&next=//evil", []byte("old_password=a&new_password1=b&new_password2=b&email=a%40b.c"))
	f.Add("q", []byte("username=&username=x&password&=&&%zz=1;a=b"))
	f.Add("", []byte("email=%E2%80%AE%40example.com&csrfmiddlewaretoken=x"))
	f.Add("", []byte("first_name=Ursula&last_name=Le+Guin&date_of_birth=1929-10-21&date_of_death=1918-01-22&name=Fantasy"))
	f.Add("", []byte("title=A&author=1&summary=s&isbn=0-306-40615-2&language=2&genre=1&genre=x&version=3"))
	f.Add("", []byte("book=1&imprint=i&status=o&borrower=member&due_back=2030-01-01&version=-1"))
	app := fiber.New()
	f.Fuzz(func(t *testing.T, query string, body []byte) {
		withRequest(app, query, body, func(c *fiber.Ctx) {
			s := NewSearch(c)
			if n := utf8.RuneCountInString(s.Q); n > models.MaxQueryLength {
				t.Errorf("search text of %d characters", n)
			}
			if full := c.Query("q"); !strings.HasPrefix(full, s.Q) {
				t.Errorf("search text %q is not the start of %q", s.Q, full)
			}
			if utf8.ValidString(c.Query("q")) && !utf8.ValidString(s.Q) {
				t.Errorf("cutting %q split a character: %q", c.Query("q"), s.Q)
			}
			login := NewLogin(c)
			if login.Validate() && (login.Username == "" || login.Password == "" || utf8.RuneCountInString(login.Username) > 150) {
				t.Errorf("login form accepted %+v", login)
			}
			_ = InitialLogin(c)
			renew := NewRenewBook(c)
			checkDue(t, renew.Validate(), renew.Date)
			checkOut := NewCheckOut(c)
			if ok := checkOut.Validate(); ok && checkOut.Borrower == "" {
				t.Errorf("check-out accepted no borrower: %+v", checkOut)
			}
			set := NewSetPassword(c)
			if set.Validate(auth.UserAttributes{}) && set.NewPassword1 != set.NewPassword2 {
				t.Errorf("different passwords accepted: %+v", set)
			}
			change := NewPasswordChange(c)
			change.Validate(auth.UserAttributes{}, func(string) bool { return true })
			reset := NewPasswordReset(c)
			if reset.Validate() && !ValidEmail(reset.Email) {
				t.Errorf("reset form accepted %q", reset.Email)
			}
			catalogForms(t, c)
		})
	})
}

// catalogForms reads and validates the catalog management forms of c.
func catalogForms(t *testing.T, c *fiber.Ctx) {
	author := NewAuthor(c)
	if author.Validate() {
		a := author.Author(1)
		if a.FirstName == "" || utf8.RuneCountInString(a.LastName) > 100 ||
			(a.DateOfBirth != nil && a.DateOfDeath != nil && a.DateOfDeath.Before(*a.DateOfBirth)) {
			t.Errorf("author form accepted %+v", author)
		}
	}
	name := NewName(c)
	if name.Validate() && (name.Name == "" || utf8.RuneCountInString(name.Name) > 200) {
		t.Errorf("name form accepted %q", name.Name)
	}
	book := NewBook(c)
	if book.Validate() {
		if b := book.Book(1, 1, 1); len(b.ISBN) != 13 || !models.ValidISBN(b.ISBN) || utf8.RuneCountInString(b.Title) > 200 {
			t.Errorf("book form accepted %+v as %+v", book, b)
		}
	}
	copyForm := NewBookInstance(c)
	if copyForm.Validate() && (copyForm.Book == "" || models.StatusName(copyForm.Status) == "") {
		t.Errorf("copy form accepted %+v", copyForm)
	}
}

// checkDue checks that an accepted due date lies between today and four weeks ahead.
func checkDue(t *testing.T, ok bool, d models.Date) {
	t.Helper()
	today := models.Today()
	if ok && (d.Before(today) || d.After(today.AddDays(7*MaxLoanWeeks))) {
		t.Errorf("due date %s accepted", d)
	}
}

// FuzzDueDate validates arbitrary renewal and check-out dates.
func FuzzDueDate(f *testing.F) {
	for _, s := range []string{DefaultDueDate().String(), "2026-02-30", " 2030-1-1 ", "+2030-01-01", "0000-00-00", "9999-12-31", "2030-01-01T00:00:00Z", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		r := RenewBook{RenewalDate: v}
		ok := r.Validate()
		checkDue(t, ok, r.Date)
		if ok && r.Date.String() != strings.TrimSpace(v) {
			t.Errorf("%q accepted as %s", v, r.Date)
		}
		c := CheckOut{Borrower: "x", DueBack: v}
		if c.Validate() != ok {
			t.Errorf("renewal and check-out disagree on %q", v)
		}
	})
}

// FuzzSafeNext checks that SafeNext only ever returns its default or a path on this site.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/catalog/", "//evil.example", `/\evil`, "/\t/evil", "https://evil", "/%2F%2Fevil", "/\u3000/x", "/a\u2028b", "/\x7f", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := SafeNext(next, "/home")
		if got == "/home" {
			return
		}
		if got != next {
			t.Fatalf("SafeNext(%q) = %q: neither the default nor the input", next, got)
		}
		if !strings.HasPrefix(got, "/") {
			t.Errorf("SafeNext let %q through", got)
		}
		// A path with a bad escape ("/a%") does not parse, and stays a path on this site.
		if u, err := url.Parse(got); err == nil && (u.Scheme != "" || u.Host != "" || u.User != nil) {
			t.Errorf("SafeNext let %q through: %+v", got, u)
		}
		// Browsers ignore tabs and newlines and read a backslash as a slash.
		cleaned := strings.NewReplacer("\t", "", "\n", "", "\r", "", `\`, "/").Replace(got)
		if strings.HasPrefix(cleaned, "//") {
			t.Errorf("SafeNext let %q through: a browser reads %q", got, cleaned)
		}
	})
}

// FuzzUserCreation validates arbitrary accounts as the user commands do.
func FuzzUserCreation(f *testing.F) {
	f.Add("García-López.1", "ana@example.com", "Ana", "García", "quiet-reading-room", "quiet-reading-room")
	f.Add("bad name!", "nope", strings.Repeat("x", 151), "", "12345678", "12345678")
	f.Add("a\u0301", "a@b.c", "", "", "", "x")
	f.Fuzz(func(t *testing.T, username, email, first, last, p1, p2 string) {
		u := UserCreation{Username: username, Email: email, FirstName: first, LastName: last, Password1: p1, Password2: p2}
		if !u.Validate() {
			return
		}
		if !validUsername.MatchString(u.Username) || utf8.RuneCountInString(u.Username) > 150 || p1 != p2 || p1 == "" {
			t.Errorf("accepted %+v", u)
		}
		if u.Email != "" && !ValidEmail(u.Email) {
			t.Errorf("accepted e-mail %q", u.Email)
		}
	})
}
