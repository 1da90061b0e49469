package e2e

import (
	"fmt"
	"testing"
	"time"
)

// LogIn fills in and sends the login form the journey is looking at.
func (j *journey) LogIn(username, password string) {
	j.t.Helper()
	j.Fill("Username", username)
	j.Fill("Password", password)
	j.Click("Log in")
}

// djangoDate writes a date as the site shows it (Django's "N j, Y": "Nov. 25, 2026",
// "June 3, 2026", "Sept. 1, 2026").
func djangoDate(d time.Time) string {
	month := map[time.Month]string{time.March: "March", time.April: "April", time.May: "May",
		time.June: "June", time.July: "July", time.September: "Sept."}[d.Month()]
	if month == "" {
		month = d.Format("Jan") + "."
	}
	return fmt.Sprintf("%s %d, %d", month, d.Day(), d.Year())
}

// today is the date on the server's clock, which is this machine's.
func today() time.Time {
	y, m, d := time.Now().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.Local)
}

// (d) A member sees their overdue copy in red, changes their password, logs out with the sidebar
// button, and finds that the old password no longer works. The seed lends Death Wave to the
// member three days overdue and The Wise Man's Fear due in ten days.
func TestJourneyMember(t *testing.T) {
	j := start(t, "d-member")
	password := j.site.Passwords["member"]
	const newPassword = "marbled-heron-lantern-59"

	j.Open("/catalog/")
	j.Click("Login")
	j.ExpectHeading("Log in")
	j.LogIn("member", password)
	j.ExpectText("User: member")

	j.Click("My Borrowed")
	j.ExpectHeading("Borrowed books")
	j.ExpectLine("Death Wave", djangoDate(today().AddDate(0, 0, -3)))
	j.ExpectLine("The Wise Man's Fear", djangoDate(today().AddDate(0, 0, 10)))
	if c := j.LineColor("Death Wave"); !c.red() {
		t.Errorf("the overdue Death Wave is written in %v, want red", c)
	}
	if c := j.LineColor("The Wise Man's Fear"); c.red() {
		t.Errorf("The Wise Man's Fear, not due yet, is written in red (%v)", c)
	}
	j.Screenshot("my-borrowed")

	j.Click("Change password")
	j.ExpectHeading("Password change")
	j.CheckA11y()
	j.Fill("Old password", password)
	j.Fill("New password", newPassword)
	j.Fill("New password confirmation", newPassword)
	j.Screenshot("password-change")
	j.Click("Change my password")
	j.ExpectHeading("Password change successful")

	j.Click("Log out")
	j.ExpectHeading("Logged out!")
	j.ExpectNoText("User: member")
	j.Screenshot("logged-out")

	j.Click("Click here to login again.")
	j.LogIn("member", password)
	j.ExpectText("Your username and password didn't match. Please try again.")
	j.ExpectNoText("User: member")
	j.Screenshot("login-failed")

	j.LogIn("member", newPassword)
	j.ExpectText("User: member")
}

// (f) An anonymous visitor opening My Borrowed is sent to the login page, and back after it.
func TestJourneyLoginRedirect(t *testing.T) {
	j := start(t, "f-login-redirect")

	j.Open("/catalog/mybooks/")
	j.ExpectHeading("Log in")
	j.ExpectText("Please login to see this page.")
	j.Screenshot("login")
	j.CheckA11y()

	j.LogIn("member", j.site.Passwords["member"])
	j.ExpectPath("/catalog/mybooks/")
	j.ExpectHeading("Borrowed books")
	j.ExpectText("User: member", "Death Wave")
}
