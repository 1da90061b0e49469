package models

import (
	"strings"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// sources are the queries that find the copies matching text through indexes, each with the
// filter's other conditions and cut at limit when limit > 0: the copies of the books the catalog
// search finds by their own text and by genre (the copies' book index), those whose imprint
// contains the text (a trigram index on PostgreSQL), those lent to a user whose username
// contains it (the borrower index), and the copy whose id it is.
func (f BookInstanceFilter) sources(db *gorm.DB, text string, limit int) []*gorm.DB {
	rest := f
	rest.Q = ""
	copies := func() *gorm.DB {
		return fresh(db).Model(&BookInstance{}).Select("catalog_bookinstance.id").Scopes(rest.Scope())
	}
	like := likeEscape(text)
	t := Search{Q: text}.terms(db)
	books, links := t.branches(fresh(db), 0)
	// The copies of a genre's books are found from the genre's links, read first through the
	// genre index. On PostgreSQL OFFSET 0 keeps them a subquery: planned as a condition on the
	// copies, with the genres unknown until it runs, they could be read by walking every link.
	fence := ""
	if db.Dialector.Name() == "postgres" {
		fence = " OFFSET 0"
	}
	byGenre := copies().Joins("JOIN (SELECT book_id FROM (?) l"+fence+") g ON g.book_id = catalog_bookinstance.book_id", links)
	users := fresh(db).Table("auth_user").Select("id").Where(contains("username"), like)
	srcs := []*gorm.DB{
		copies().Where("catalog_bookinstance.book_id IN (?)", books),
		byGenre,
		copies().Where(contains("catalog_bookinstance.imprint"), like),
		copies().Where("catalog_bookinstance.borrower_id IN (?)", users),
	}
	if id, err := uuid.Parse(text); err == nil {
		srcs = append(srcs, copies().Where("catalog_bookinstance.id = ?", id))
	}
	if limit > 0 {
		for i := range srcs {
			srcs[i] = srcs[i].Limit(limit)
		}
	}
	return srcs
}

// union is "SELECT id FROM (src) s UNION SELECT id FROM (src) s ...", with srcs as its arguments.
func union(srcs []*gorm.DB) (string, []any) {
	parts := make([]string, len(srcs))
	args := make([]any, len(srcs))
	for i, s := range srcs {
		parts[i] = "SELECT id FROM (?) s"
		args[i] = s
	}
	return strings.Join(parts, " UNION "), args
}

// searched narrows the copy list to the copies f selects, f.Q being text. The matches are
// counted up to AdminCap through the sources' indexes; that few are then read among those, more
// by walking the list's order and keeping the matches (walk), frequent enough then for the walk
// to be short. A text found in no index (a rare imprint, on SQLite) costs a scan of the copies.
func (f BookInstanceFilter) searched(db *gorm.DB, cl changeList, text string) (changeList, error) {
	sql, args := union(f.sources(db, text, AdminCap+1))
	var n int64
	if err := db.Raw("SELECT count(*) FROM ("+sql+") m", args...).Scan(&n).Error; err != nil {
		return cl, err
	}
	if n > AdminCap {
		cl.keys = f.walk(db, text)
		cl.total = func() (Total, error) { return Total{N: AdminCap, Capped: true}, nil }
		return cl, nil
	}
	// The limits cut nothing (the count said so), but bound the planner's estimates.
	cl.keys = db.Model(&BookInstance{}).Where("catalog_bookinstance.id IN ("+sql+")", args...)
	cl.total = func() (Total, error) { return Total{N: n}, nil }
	return cl, nil
}

// walk selects the copies f selects, f.Q being text, by conditions checked on each copy a walk
// in the list's order reaches, the cheapest first: its imprint, its borrower, its id, then its
// book and the book's genres, each looked up by the copy's book. Unlike Scope's, no condition
// reads every matching book first.
func (f BookInstanceFilter) walk(db *gorm.DB, text string) *gorm.DB {
	rest := f
	rest.Q = ""
	t := Search{Q: text}.terms(db)
	like := likeEscape(text)
	bcond, bargs := t.like()
	gcond, gargs := t.inGenres("bg.genre_id")
	cond := fresh(db).Where(contains("catalog_bookinstance.imprint"), like).
		Or("catalog_bookinstance.borrower_id IN (?)", fresh(db).Table("auth_user").Select("id").Where(contains("username"), like))
	if id, err := uuid.Parse(text); err == nil {
		cond = cond.Or("catalog_bookinstance.id = ?", id)
	}
	cond = cond.Or("EXISTS (SELECT 1 FROM catalog_book WHERE catalog_book.id = catalog_bookinstance.book_id AND "+bcond+")", bargs...).
		Or("EXISTS (SELECT 1 FROM catalog_book_genre bg WHERE bg.book_id = catalog_bookinstance.book_id AND "+gcond+")", gargs...)
	return db.Model(&BookInstance{}).Scopes(rest.Scope()).Where(cond)
}
