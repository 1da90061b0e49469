package e2e

import (
	"strings"
	"testing"
	"time"
)

// (c) A librarian logs in, renews a loan with the date input, checks a copy out to the member
// and back in, and reads the loan history.
func TestJourneyLibrarian(t *testing.T) {
	j := start(t, "c-librarian")

	j.Open("/catalog/")
	j.Click("Login")
	j.LogIn("librarian", j.site.Passwords["librarian"])
	j.ExpectText("User: librarian", "Staff")

	j.Click("All borrowed")
	j.ExpectHeading("All Borrowed Books")
	j.ExpectLine("Death Wave", "member", djangoDate(today().AddDate(0, 0, -3)))
	if c := j.LineColor("Death Wave"); !c.red() {
		t.Errorf("the overdue Death Wave is written in %v, want red", c)
	}
	j.Screenshot("all-borrowed")

	renewTo := today().AddDate(0, 0, 14)
	j.ClickNear("Death Wave", "Renew")
	j.ExpectHeading("Renew: Death Wave")
	j.CheckA11y()
	j.TypeDate("Renewal date", renewTo)
	j.Screenshot("renew")
	j.Click("Submit")
	j.expectPosted("renewal_date", renewTo.Format(time.DateOnly))
	j.ExpectPath("/catalog/borrowed/")
	j.ExpectText("Renewed “Death Wave” until " + djangoDate(renewTo) + ".")
	j.ExpectLine("Death Wave", "("+djangoDate(renewTo)+")")
	if c := j.LineColor("Death Wave"); c.red() {
		t.Errorf("Death Wave, renewed, is still written in red (%v)", c)
	}

	lendUntil := today().AddDate(0, 0, 7)
	j.Click("All copies")
	j.Click("The Name of the Wind (The Kingkiller Chronicle, #1) : London Gollancz, 2014.")
	j.ExpectText("Status: Available")
	j.CheckA11y()
	j.Fill("Borrower (username)", "member")
	j.TypeDate("Due back", lendUntil)
	j.Screenshot("check-out")
	j.Click("Check out")
	j.expectPosted("borrower", "member")
	j.expectPosted("due_back", lendUntil.Format(time.DateOnly))
	j.ExpectText("Status: On loan", "Due back: "+djangoDate(lendUntil), "Borrower: member")
	j.Screenshot("on-loan")

	j.Click("Check in (mark returned)")
	j.ExpectText("Status: Available", "Loan history")
	loan := j.Line(djangoDate(lendUntil))
	for _, want := range []string{"member", "librarian"} {
		if !strings.Contains(loan, want) {
			t.Errorf("the loan history row %q does not name %s", loan, want)
		}
	}
	if strings.Contains(loan, "on loan") {
		t.Errorf("the loan history row %q says the returned copy is on loan", loan)
	}
	j.Screenshot("loan-history")

	j.Click("All borrowed")
	j.ClickNear("The Wise Man's Fear", "member")
	j.ExpectHeading("Loans of member")
	j.ExpectLine("The Name of the Wind", djangoDate(lendUntil))
	j.ExpectLine("Death Wave", djangoDate(renewTo), "on loan")
	j.Screenshot("member-loans")
}

// expectPosted checks a field of the form data that the last POST sent.
func (j *journey) expectPosted(field, want string) {
	j.t.Helper()
	if got := j.Posted(field); got != want {
		j.t.Errorf("%s: the form posted %s=%q, want %q", j.where(), field, got, want)
	}
}
