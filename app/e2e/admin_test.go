package e2e

import "testing"

// (f) A librarian works in the admin: the dashboard, the copies filtered by status, a book found
// by search and changed on its page with its copies, and a new member's account.
func TestJourneyAdmin(t *testing.T) {
	j := start(t, "f-admin")

	j.Open("/accounts/login/")
	j.LogIn("librarian", j.site.Passwords["librarian"])
	j.Click("Admin")
	j.ExpectHeading("Site administration")
	j.ExpectText("Catalog", "Books", "Users", "Recent actions")
	j.ExpectNoText("Groups")
	j.Screenshot("index")
	j.CheckA11y()

	j.Click("Copies")
	j.ExpectHeading("Select copy to change")
	j.ExpectText("11 copies")
	j.Click("Available")
	j.ExpectText("5 copies")
	j.Click("Book")
	j.ExpectText("5 copies")
	j.Screenshot("copies-available")
	j.CheckA11y()

	j.Open("/admin/catalog/book/")
	j.PressEnter("Search books", "death")
	j.ExpectText("1 book found")
	j.Click("Death Wave")
	j.ExpectHeading("Change book: Death Wave")
	j.ExpectText("Copies", "New copy")
	j.Screenshot("book-with-copies")
	j.CheckA11y()
	j.Fill("Title", "Death Wave (Voyagers III)")
	j.Click("Save")
	j.ExpectHeading("Select book to change")
	j.ExpectText("The book “Death Wave (Voyagers III)” was changed successfully.")

	j.Open("/admin/auth/user/add/")
	j.ExpectHeading("Add user")
	j.Fill("Username", "new.reader")
	j.Fill("First name", "Nora")
	j.Fill("Password", "amber-meadow-83")
	j.Fill("Password confirmation", "amber-meadow-83")
	j.Screenshot("add-user")
	j.CheckA11y()
	j.Click("Save")
	j.ExpectHeading("Change user: new.reader")
	j.ExpectText("The user “new.reader” was added successfully.")
	j.CheckA11y()
}
