package app_test

import (
	"fmt"

	"locallibrary/models"
)

// The detail pages the tests visit, written out rather than reversed so that the tests check
// the route table too.

func bookPath(b models.Book) string         { return fmt.Sprintf("/catalog/book/%d", b.ID) }
func authorPath(a models.Author) string     { return fmt.Sprintf("/catalog/author/%d", a.ID) }
func genrePath(g models.Genre) string       { return fmt.Sprintf("/catalog/genre/%d", g.ID) }
func languagePath(l models.Language) string { return fmt.Sprintf("/catalog/language/%d", l.ID) }
func copyPath(bi models.BookInstance) string {
	return "/catalog/bookinstance/" + bi.ID.String()
}
