package e2e

import (
	"strings"
	"testing"
)

// seededCounts are the home page's counts after `locallibrary seed`.
var seededCounts = []string{"Books: 7", "Copies: 11", "Copies available: 5", "Authors: 5", "Genres: 3"}

// (a) The home page counts the visits of one browser session.
func TestJourneyVisitCounter(t *testing.T) {
	j := start(t, "a-visit-counter")

	j.Open("/")
	j.ExpectPath("/catalog/")
	j.ExpectHeading("Local Library Home")
	j.ExpectText(seededCounts...)
	j.ExpectText("You have visited this page 1 time.")
	j.ExpectReadable("You have visited this page 1 time.")
	j.Screenshot("home")
	j.CheckA11y()

	j.Click("Home")
	j.ExpectText("You have visited this page 2 times.")

	j.Reload()
	j.ExpectText(seededCounts...)
	j.ExpectText("You have visited this page 3 times.")
	j.ExpectReadable("You have visited this page 3 times.")
}

// (b) A visitor browses: a book, its author and back; a search from the sidebar; page 2 of a
// list and back.
func TestJourneyBrowse(t *testing.T) {
	j := start(t, "b-browse")

	j.Open("/catalog/")
	j.Click("All books")
	j.ExpectHeading("Book List")
	j.ExpectText("The Name of the Wind (The Kingkiller Chronicle, #1) (Rothfuss, Patrick)", "Death Wave (Bova, Ben)")
	j.Screenshot("book-list")
	j.CheckA11y()

	j.Click("The Wise Man's Fear (The Kingkiller Chronicle, #2)")
	j.ExpectHeading("Title: The Wise Man's Fear (The Kingkiller Chronicle, #2)")
	j.ExpectText("Author: Rothfuss, Patrick", "Genre: Fantasy")
	book := j.Path()
	j.Screenshot("book-detail")
	j.CheckA11y()

	j.Click("Rothfuss, Patrick")
	j.ExpectHeading("Author: Rothfuss, Patrick")
	j.ExpectText("The Name of the Wind", "The Slow Regard of Silent Things")
	j.Screenshot("author-detail")

	j.Back()
	j.ExpectPath(book)
	j.ExpectHeading("Title: The Wise Man's Fear (The Kingkiller Chronicle, #2)")

	j.PressEnter("Search the catalog", "slow regard")
	j.ExpectText("1 book found for “slow regard”.")
	j.Screenshot("search")
	j.Click("The Slow Regard of Silent Things (Kingkiller Chronicle)")
	j.ExpectHeading("Title: The Slow Regard of Silent Things (Kingkiller Chronicle)")

	// Eleven seeded copies: ten on the first page, one on the second.
	j.Click("All copies")
	j.ExpectText("Page 1 of 2.")
	j.Click("next")
	// The link carries the first page's last copy, after which the second page starts.
	if p := j.Path(); !strings.HasPrefix(p, "/catalog/bookinstances/?after=") || !strings.HasSuffix(p, "&page=2") {
		t.Errorf("next went to %s, want /catalog/bookinstances/?after=<the last copy's id>&page=2", p)
	}
	j.ExpectText("Page 2 of 2.")
	j.Screenshot("copies-page-2")
	j.Click("previous")
	j.ExpectText("Page 1 of 2.")
}
