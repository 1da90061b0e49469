package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// Counter names, as the triggers of the counters migration keep them: whole-catalog counts have
// parent 0, per-parent book counts the parent's id.
const (
	counterBooks           = "book"
	counterAuthors         = "author"
	counterGenres          = "genre"
	counterLanguages       = "language"
	counterBooksOfAuthor   = "book:author"
	counterBooksOfGenre    = "book:genre"
	counterBooksOfLanguage = "book:language"
	counterUsers           = "user"
	counterGroups          = "group"
	counterHolds           = "hold"
	// counterCopies is followed by a copy's status code: "copy:a" counts the available copies.
	counterCopies = "copy:"
)

// copyCounters names the counters of copies in every status.
func copyCounters() []string {
	names := make([]string, len(LoanStatuses))
	for i, s := range LoanStatuses {
		names[i] = counterCopies + s.Code
	}
	return names
}

// IndexCounterNames names the counters the home page reads (for the whole catalog, parent 0).
func IndexCounterNames() []string {
	return append([]string{counterBooks, counterAuthors, counterGenres}, copyCounters()...)
}

// IndexCounts are the figures on the home page.
type IndexCounts struct {
	NumBooks              int64
	NumInstances          int64
	NumInstancesAvailable int64
	NumAuthors            int64
	NumGenres             int64
}

// CountIndex reads the home page counts in one statement, from the counters: no catalog table
// is read, however large.
func CountIndex(ctx context.Context, db *gorm.DB) (IndexCounts, error) {
	var rows []struct {
		Name  string
		Value int64
	}
	err := db.WithContext(ctx).Raw("SELECT name, value FROM catalog_counter WHERE name IN ? AND parent_id = 0", IndexCounterNames()).Scan(&rows).Error
	if err != nil {
		return IndexCounts{}, fmt.Errorf("index counts: %w", err)
	}
	var c IndexCounts
	for _, r := range rows {
		switch r.Name {
		case counterBooks:
			c.NumBooks = r.Value
		case counterAuthors:
			c.NumAuthors = r.Value
		case counterGenres:
			c.NumGenres = r.Value
		case counterCopies + StatusAvailable:
			c.NumInstancesAvailable = r.Value
			c.NumInstances += r.Value
		default:
			c.NumInstances += r.Value
		}
	}
	return c, nil
}
