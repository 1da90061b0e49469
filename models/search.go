package models

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"

	"gorm.io/gorm"
)

// MaxQueryLength bounds the search text, in characters; longer input is cut.
const MaxQueryLength = 200

// Search is a catalog search: a text matched against title, author name, ISBN and genre.
type Search struct {
	Q             string
	AvailableOnly bool
}

// isbnFragment matches text that could be part of an ISBN.
var isbnFragment = regexp.MustCompile(`^[0-9X]+$`)

// matchingBooks is the ids of the books matching s, each part served by a trigram index on
// PostgreSQL. The text is folded by the database's own catalog_fold, as the columns are.
func (s Search) matchingBooks(db *gorm.DB) *gorm.DB {
	text := likeEscape(s.Q)
	q := `SELECT id FROM catalog_book WHERE catalog_fold(title) LIKE '%' || catalog_fold(@text) || '%' ESCAPE '\'
		UNION SELECT b.id FROM catalog_book b JOIN catalog_author a ON a.id = b.author_id
			WHERE catalog_fold(a.first_name || ' ' || a.last_name) LIKE '%' || catalog_fold(@text) || '%' ESCAPE '\'
		UNION SELECT bg.book_id FROM catalog_book_genre bg JOIN catalog_genre g ON g.id = bg.genre_id
			WHERE catalog_fold(g.name) LIKE '%' || catalog_fold(@text) || '%' ESCAPE '\'`
	if isbn := NormalizeISBN(s.Q); isbnFragment.MatchString(isbn) {
		q += ` UNION SELECT id FROM catalog_book WHERE isbn LIKE @isbn`
		return db.Raw(q, sql.Named("text", text), sql.Named("isbn", "%"+isbn+"%"))
	}
	return db.Raw(q, sql.Named("text", text))
}

func (s Search) query(db *gorm.DB) *gorm.DB {
	q := db.Model(&Book{}).Where("catalog_book.id IN (?)", s.matchingBooks(db))
	if s.AvailableOnly {
		q = q.Where("EXISTS (SELECT 1 FROM catalog_bookinstance bi WHERE bi.book_id = catalog_book.id AND bi.status = ?)", StatusAvailable)
	}
	return q
}

// SearchBooks reads a page of the books matching s, ordered as the book list. An empty text
// matches nothing.
func SearchBooks(ctx context.Context, db *gorm.DB, s Search, p ListParams) ([]Book, Page, error) {
	s.Q = strings.TrimSpace(s.Q)
	if s.Q == "" {
		page, err := NewPage(p.Page, 0, p.Query)
		return nil, page, err
	}
	return listPage[Book](s.query(db.WithContext(ctx)), p, bookOrder, "search", "Author")
}

// ExplainSearch returns PostgreSQL's plan for the page query of s, to check it uses the indexes.
func ExplainSearch(ctx context.Context, db *gorm.DB, s Search) (string, error) {
	dry := db.Session(&gorm.Session{DryRun: true, NewDB: true})
	var books []Book
	stmt := s.query(dry).Joins("Author").Order(bookOrder).Limit(PerPage).Find(&books).Statement
	var lines []string
	err := db.WithContext(ctx).Raw("EXPLAIN "+stmt.SQL.String(), stmt.Vars...).Scan(&lines).Error
	if err != nil {
		return "", fmt.Errorf("explain search: %w", err)
	}
	return strings.Join(lines, "\n"), nil
}

// likeEscape escapes s for a LIKE pattern with the escape character \.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
