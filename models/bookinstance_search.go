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
	books, byGenre := Search{Q: text}.terms(db).branches(fresh(db), 0)
	users := fresh(db).Table("auth_user").Select("id").Where(contains("username"), like)
	srcs := []*gorm.DB{
		copies().Where("catalog_bookinstance.book_id IN (?)", books),
		copies().Where("catalog_bookinstance.book_id IN (?)", byGenre),
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
// by walking the list's order and keeping the matches (Scope), frequent enough then for the walk
// to be short. A text found in no index (a rare imprint, on SQLite) costs a scan of the copies.
func (f BookInstanceFilter) searched(db *gorm.DB, cl changeList, text string) (changeList, error) {
	sql, args := union(f.sources(db, text, AdminCap+1))
	var n int64
	if err := db.Raw("SELECT count(*) FROM ("+sql+") m", args...).Scan(&n).Error; err != nil {
		return cl, err
	}
	if n > AdminCap {
		cl.total = func() (Total, error) { return Total{N: AdminCap, Capped: true}, nil }
		return cl, nil
	}
	// The limits cut nothing (the count said so), but bound the planner's estimates.
	cl.keys = db.Model(&BookInstance{}).Where("catalog_bookinstance.id IN ("+sql+")", args...)
	cl.total = func() (Total, error) { return Total{N: n}, nil }
	return cl, nil
}
