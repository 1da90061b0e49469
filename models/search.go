package models

import (
	"context"
	"database/sql"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"gorm.io/gorm"
)

// MaxQueryLength bounds the search text, in characters; longer input is cut.
const MaxQueryLength = 200

// SearchCap is the number of results a search counts and pages through. A text found in more
// books ("volume", "the") says "more than SearchCap" and shows the first SearchCap, in catalog
// order, rather than count through the whole catalog.
const SearchCap = 1000

// Search is a catalog search: a text matched against title, author name, ISBN and genre.
type Search struct {
	Q             string
	AvailableOnly bool
}

// isbnFragment matches text that could be part of an ISBN.
var isbnFragment = regexp.MustCompile(`^[0-9X]+$`)

// searchTerms are a search's text as the SQL compares it.
type searchTerms struct {
	sqlite bool
	// text is the raw text (the database folds it as it folds the columns), isbn the text as an
	// ISBN fragment ("" unless it could be one), isbn13 the ISBN-13 of a whole ISBN-10.
	text, isbn, isbn13 string
	// trigrams reports whether the text is long enough for the trigram indexes.
	trigrams  bool
	available bool
}

func (s Search) terms(db *gorm.DB) searchTerms {
	// Fields of search_text are separated by new lines: without control characters, a search
	// never matches across two fields.
	text := strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, strings.TrimSpace(s.Q))
	t := searchTerms{sqlite: db.Dialector.Name() == "sqlite", text: text, available: s.AvailableOnly}
	// "978-0-7653" is also looked for as 97807653; a fragment equal to the text needs no second
	// look. A whole ISBN-10 is also looked for as the ISBN-13 a book carries.
	isbn := NormalizeISBN(text)
	if isbnFragment.MatchString(isbn) && isbn != text {
		t.isbn = isbn
	}
	if len(isbn) == 10 && ValidISBN(isbn) {
		t.isbn13 = ISBN13(isbn)
	}
	t.trigrams = utf8.RuneCountInString(text) >= 3 && (t.isbn == "" || len(t.isbn) >= 3)
	return t
}

// like is the condition that search_text contains the text (or the ISBN fragment): a trigram
// index scan on PostgreSQL where the text has three characters, and the condition a walk in
// catalog order filters by.
func (t searchTerms) like() (string, []any) {
	cond := `catalog_book.search_text LIKE '%' || catalog_fold(@text) || '%' ESCAPE '\'`
	args := []any{sql.Named("text", likeEscape(t.text))}
	if t.isbn != "" {
		cond += ` OR catalog_book.search_text LIKE '%' || lower(@isbn) || '%'`
		args = append(args, sql.Named("isbn", t.isbn))
	}
	if t.isbn13 != "" {
		cond += ` OR catalog_book.search_text LIKE '%' || @isbn13 || '%'`
		args = append(args, sql.Named("isbn13", t.isbn13))
	}
	if len(args) > 1 {
		cond = "(" + cond + ")"
	}
	return cond, args
}

// indexed is like, with SQLite's FTS index in place of the LIKE: a phrase of the trigrams of the
// folded text (or of the ISBN fragment) finds exactly the books whose search_text contains it.
func (t searchTerms) indexed() (string, []any) {
	if !t.sqlite || !t.trigrams {
		return t.like()
	}
	match := `'"' || catalog_trigrams(catalog_fold(@text)) || '"'`
	args := []any{sql.Named("text", t.text)}
	if t.isbn != "" {
		match += ` || ' OR "' || catalog_trigrams(lower(@isbn)) || '"'`
		args = append(args, sql.Named("isbn", t.isbn))
	}
	if t.isbn13 != "" {
		match += ` || ' OR "' || catalog_trigrams(@isbn13) || '"'`
		args = append(args, sql.Named("isbn13", t.isbn13))
	}
	return "catalog_book.id IN (SELECT docid FROM catalog_book_fts WHERE catalog_book_fts MATCH " + match + ")", args
}

// inGenres is the condition that the genre column is one whose name contains the text. On
// PostgreSQL the genres are read first, as an array, so that the plan seeks each one in the
// genre index whatever the planner guesses of their number.
func (t searchTerms) inGenres(column string) (string, []any) {
	genres := `SELECT id FROM catalog_genre WHERE catalog_fold(name) LIKE '%' || catalog_fold(@gtext) || '%' ESCAPE '\'`
	args := []any{sql.Named("gtext", likeEscape(t.text))}
	if t.sqlite {
		return column + " IN (" + genres + ")", args
	}
	return column + " = ANY (ARRAY(" + genres + "))", args
}

// availableCond keeps the books with an available copy; book is the book id column.
func availableCond(book string) string {
	return "EXISTS (SELECT 1 FROM catalog_bookinstance bi WHERE bi.book_id = " + book + " AND bi.status = '" + StatusAvailable + "')"
}

// branches are the two sources of matches, books by their own text and books by genre, each cut
// at limit when limit > 0. A book in several matching genres is found by the link to the first
// of them only (a look-up in the links' primary key): a cut counts books, not links.
func (t searchTerms) branches(db *gorm.DB, limit int) (books, byGenre *gorm.DB) {
	cond, args := t.indexed()
	books = db.Table("catalog_book").Select("catalog_book.id").Where(cond, args...)
	gcond, gargs := t.inGenres("catalog_book_genre.genre_id")
	ocond, oargs := t.inGenres("other.genre_id")
	byGenre = db.Table("catalog_book_genre").Select("catalog_book_genre.book_id").Where(gcond, gargs...).
		Where("catalog_book_genre.genre_id = (SELECT min(other.genre_id) FROM catalog_book_genre other WHERE other.book_id = catalog_book_genre.book_id AND "+ocond+")", oargs...)
	if t.available {
		books = books.Where(availableCond("catalog_book.id"))
		byGenre = byGenre.Where(availableCond("catalog_book_genre.book_id"))
	}
	if limit > 0 {
		books, byGenre = books.Limit(limit), byGenre.Limit(limit)
	}
	return books, byGenre
}

// matches selects the ids of the matching books in catalog order, up to SearchCap + 1 of them:
// each source stops at that many, with the keys of the order (a book's genre links carry its
// keys), the union removes the books found by both, and those few rows are sorted. One statement
// finds, counts and orders a search's results.
func (t searchTerms) matches(db *gorm.DB) *gorm.DB {
	books, byGenre := t.branches(db, SearchCap+1)
	books = books.Select(bookOrder.columns())
	byGenre = byGenre.Select(booksOfGenreOrder.columns())
	return db.Raw("SELECT k3 FROM (SELECT * FROM (?) b UNION SELECT * FROM (?) g) m ORDER BY k0, k1, k2, k3 LIMIT ?",
		books, byGenre, SearchCap+1)
}

// total counts the matches up to SearchCap + 1 and no further: each source stops at that many,
// and the union of the two removes the books found by both. The admin's book search counts so.
func (t searchTerms) total(db *gorm.DB) func() (Total, error) {
	return func() (Total, error) {
		books, byGenre := t.branches(db, SearchCap+1)
		var n int64
		err := db.Raw("SELECT count(*) FROM (SELECT id FROM (?) b UNION SELECT book_id FROM (?) g) m", books, byGenre).Scan(&n).Error
		if n > SearchCap {
			return Total{N: SearchCap, Capped: true}, err
		}
		return Total{N: n}, err
	}
}

// keys selects the matching books for the admin's list, which orders and narrows them its own
// way. Up to SearchCap of them are found through the indexes; more by the walk.
func (t searchTerms) keys(db *gorm.DB, capped bool) *gorm.DB {
	if capped {
		return t.walk(db)
	}
	// The limits cut nothing (the total said so), but bound the planner's estimates: a genre of
	// many books must not make it scan the catalog for a few hundred matches.
	books, byGenre := t.branches(db, SearchCap+1)
	return db.Model(&Book{}).Where("catalog_book.id IN (SELECT id FROM (?) b UNION SELECT book_id FROM (?) g)", books, byGenre)
}

// walk selects the matching books of a search with more than SearchCap matches: by walking the
// catalog in order (the ordering index) and keeping the matches, which are then frequent enough
// for the walk to be short.
func (t searchTerms) walk(db *gorm.DB) *gorm.DB {
	cond, args := t.like()
	gcond, gargs := t.inGenres("bg.genre_id")
	q := db.Model(&Book{}).Where("("+cond+" OR EXISTS (SELECT 1 FROM catalog_book_genre bg WHERE bg.book_id = catalog_book.id AND "+gcond+"))",
		append(args, gargs...)...)
	if t.available {
		q = q.Where(availableCond("catalog_book.id"))
	}
	return q
}

// matchingBooks selects the ids of the books matching s through the same indexes as the catalog
// search, uncapped: for the admin's filter, which combines it with other conditions.
func (s Search) matchingBooks(db *gorm.DB) *gorm.DB {
	books, byGenre := s.terms(db).branches(db, 0)
	return db.Raw("SELECT id FROM (?) b UNION SELECT book_id FROM (?) g", books, byGenre)
}

// SearchBooks reads a page of the books matching s, ordered as the book list. An empty text
// matches nothing. Up to SearchCap matches, one statement finds them all in order (their ids) and
// a second reads the page's books; past SearchCap, the page says so and pages through the first
// SearchCap, found by a walk in catalog order.
func SearchBooks(ctx context.Context, db *gorm.DB, s Search, p ListParams) ([]Book, Page, error) {
	db = db.WithContext(ctx)
	t := s.terms(db)
	if t.text == "" {
		page, err := NewPage(p.Page, 0, p.Query)
		return nil, page, err
	}
	var ids []int64
	if err := t.matches(db).Scan(&ids).Error; err != nil {
		return nil, Page{}, wrapList("search", err)
	}
	if len(ids) > SearchCap {
		capped := func() (Total, error) { return Total{N: SearchCap, Capped: true}, nil }
		return ListPage[Book](bookListing(db, t.walk(db), bookOrder, capped), p, "search")
	}
	page, err := newPage(p.Page, Total{N: int64(len(ids))}, p.Query)
	if err != nil || page.Count == 0 {
		return nil, page, err
	}
	// Every match is known, so a page is found by its number; the cursor of a link adds nothing.
	ids = ids[page.Offset() : page.Offset()+page.size()]
	var books []Book
	if err := db.Model(&Book{}).Joins("Author").Where("catalog_book.id IN ?", ids).Order(bookOrder.sql(false, false)).Find(&books).Error; err != nil {
		return nil, page, wrapList("search", err)
	}
	if len(books) > 0 {
		page.first, page.last = rowID(books[0]), rowID(books[len(books)-1])
	}
	return books, page, nil
}

// likeEscape escapes s for a LIKE pattern with the escape character \.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
