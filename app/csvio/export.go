package csvio

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"locallibrary/models"
)

// exportBatch is how many rows an export reads at a time.
const exportBatch = 1000

// ExportBooks writes the books scope selects (every book when scope is nil) to w as CSV with a
// header row: title, author ("Last, First", with the author's number when another author has
// the same name), summary, isbn, language and genres ("Fantasy; Science Fiction"). It reads
// them in batches by id, so memory stays bounded; scope may only add conditions (Where, and
// subqueries rather than joins that repeat books).
func ExportBooks(ctx context.Context, db *gorm.DB, w io.Writer, scope func(*gorm.DB) *gorm.DB) error {
	q := db.WithContext(ctx).Model(&models.Book{})
	if scope != nil {
		q = scope(q)
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(Columns(Books)); err != nil {
		return fmt.Errorf("export books: %w", err)
	}
	var after int64
	for {
		books, err := models.BookBatch(q.Session(&gorm.Session{}), after, exportBatch)
		if err != nil {
			return fmt.Errorf("export books: %w", err)
		}
		authors := make([]models.Author, len(books))
		for i, b := range books {
			authors[i] = b.Author
		}
		namesakes, err := models.Namesakes(db.WithContext(ctx), authors)
		if err != nil {
			return fmt.Errorf("export books: %w", err)
		}
		for _, b := range books {
			if err := cw.Write(bookRecord(b, namesakes[b.AuthorID])); err != nil {
				return fmt.Errorf("export books: %w", err)
			}
		}
		if err := flush(cw); err != nil {
			return fmt.Errorf("export books: %w", err)
		}
		if len(books) < exportBatch {
			return nil
		}
		after = books[len(books)-1].ID
	}
}

// bookRecord is a book's row; a namesake's author carries the number that tells them apart.
func bookRecord(b models.Book, namesake bool) []string {
	author := b.Author.String()
	if namesake {
		author = b.Author.Ref()
	}
	language := ""
	if b.Language != nil {
		language = b.Language.Name
	}
	genres := make([]string, len(b.Genres))
	for i, g := range b.Genres {
		genres[i] = g.Name
	}
	return escapeAll(b.Title, author, b.Summary, b.ISBN, language, joinGenres(genres))
}

// ExportCopies writes the copies scope selects (every copy when scope is nil) to w as CSV with
// a header row: id, isbn (of the copy's book), imprint, status (its name: "Available"),
// due_back (YYYY-MM-DD) and borrower (a username). It reads them in batches by id, as
// ExportBooks does.
func ExportCopies(ctx context.Context, db *gorm.DB, w io.Writer, scope func(*gorm.DB) *gorm.DB) error {
	q := db.WithContext(ctx).Model(&models.BookInstance{})
	if scope != nil {
		q = scope(q)
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(Columns(Copies)); err != nil {
		return fmt.Errorf("export copies: %w", err)
	}
	after := uuid.Nil
	for {
		copies, err := models.CopyBatch(q.Session(&gorm.Session{}), after, exportBatch)
		if err != nil {
			return fmt.Errorf("export copies: %w", err)
		}
		for _, bi := range copies {
			due, borrower := "", ""
			if bi.DueBack != nil {
				due = bi.DueBack.String()
			}
			if bi.Borrower != nil {
				borrower = bi.Borrower.Username
			}
			if err := cw.Write(escapeAll(bi.ID.String(), bi.Book.ISBN, bi.Imprint, bi.StatusDisplay(), due, borrower)); err != nil {
				return fmt.Errorf("export copies: %w", err)
			}
		}
		if err := flush(cw); err != nil {
			return fmt.Errorf("export copies: %w", err)
		}
		if len(copies) < exportBatch {
			return nil
		}
		after = copies[len(copies)-1].ID
	}
}

func escapeAll(values ...string) []string {
	for i, v := range values {
		values[i] = escape(v)
	}
	return values
}

func flush(cw *csv.Writer) error {
	cw.Flush()
	return cw.Error()
}
