package e2e

import "testing"

// (g) Holds: a member with an overdue loan is refused a hold; once a librarian has checked the
// overdue copy in, the member holds a book with a copy on the shelf (set aside at once) and one
// with none (a place in the queue), reads both on My holds and cancels one. The librarian then
// finds the hold on All holds, reads the statistics, and cancels the hold in the admin after its
// confirmation page.
func TestJourneyHolds(t *testing.T) {
	j := start(t, "g-holds")
	ready := djangoDate(today().AddDate(0, 0, 7))

	j.Open("/catalog/")
	j.Click("Login")
	j.LogIn("member", j.site.Passwords["member"])
	j.Click("All books")
	j.Click("Apes and Angels")
	j.CheckA11y()
	j.Click("Place a hold")
	j.ExpectText("You have an overdue loan: please return it before placing a hold.")
	j.Screenshot("hold-refused")
	j.Click("Log out")

	j.Click("Login")
	j.LogIn("librarian", j.site.Passwords["librarian"])
	j.Click("All borrowed")
	j.Click("Death Wave")
	j.Click("Check in (mark returned)")
	j.ExpectText("Returned “Death Wave”: the copy is available again.")
	j.Click("Log out")

	j.Click("Login")
	j.LogIn("member", j.site.Passwords["member"])
	j.Click("All books")
	j.Click("Apes and Angels")
	j.Click("Place a hold")
	j.ExpectPath("/catalog/myholds/")
	j.ExpectText("A copy of “Apes and Angels” is set aside for you: pick it up by "+ready+".", "Ready for pickup until "+ready)

	j.Click("All books")
	j.Click("The Slow Regard of Silent Things (Kingkiller Chronicle)")
	j.Click("Place a hold")
	j.ExpectHeading("My holds")
	j.ExpectText("You are on the waiting list for “The Slow Regard of Silent Things (Kingkiller Chronicle)”.")
	j.ExpectLine("The Slow Regard of Silent Things", "Position in queue: 1")
	j.ExpectLine("Apes and Angels", "Ready for pickup until "+ready)
	j.CheckA11y()
	j.Screenshot("my-holds")

	j.Click("Cancel the hold on Apes and Angels")
	j.ExpectText("Hold cancelled.")
	j.ExpectNoText("Apes and Angels")
	j.Click("The Slow Regard of Silent Things (Kingkiller Chronicle)")
	j.ExpectText("You have a hold on this book. Position in queue: 1")
	j.ExpectNoText("Place a hold")
	j.Screenshot("book-held")
	j.Click("Log out")

	j.Click("Login")
	j.LogIn("librarian", j.site.Passwords["librarian"])
	j.Click("All holds")
	j.ExpectHeading("All holds")
	j.ExpectLine("The Slow Regard of Silent Things", "member", "Position in queue: 1")
	j.CheckA11y()
	j.Screenshot("all-holds")
	j.Click("Statistics")
	j.ExpectHeading("Statistics")
	j.ExpectText("Copies by status", "Loans per month")
	j.CheckA11y()
	j.Screenshot("statistics")
	j.Click("Admin")
	j.Click("Holds")
	j.ExpectLine("The Slow Regard of Silent Things", "member", "Waiting")
	j.Screenshot("admin-holds")
	// The bulk cancel asks first, listing the holds it would cancel.
	j.Check("Select The Slow Regard of Silent Things (Kingkiller Chronicle)")
	j.Choose("Action:", "Cancel selected holds")
	j.Click("Go")
	j.ExpectText("Are you sure you want to cancel these holds?", "The Slow Regard of Silent Things (Kingkiller Chronicle): member (Waiting)")
	j.CheckA11y()
	j.Screenshot("admin-holds-cancel")
	j.Click("Yes, cancel them")
	j.ExpectText("1 hold cancelled.")
	j.ExpectLine("The Slow Regard of Silent Things", "member", "Cancelled")
}
