package models

import (
	"context"
	"fmt"
	"strconv"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Book is a title in the catalog (not a physical copy: see BookInstance).
type Book struct {
	ID         int64
	Title      string
	AuthorID   int64
	Author     Author
	Summary    string
	ISBN       string `gorm:"column:isbn"`
	LanguageID *int64
	Language   *Language
	Genres     []Genre        `gorm:"many2many:catalog_book_genre;joinForeignKey:book_id;joinReferences:genre_id"`
	Copies     []BookInstance `gorm:"foreignKey:BookID"`
	// Version moves on with every change, so that a form saved after someone else's edit is refused.
	Version int `gorm:"default:1"`
}

// bookOrder is Book's Meta.ordering: by title, then by author as Author orders. The book carries
// its author's names (kept by the database's triggers), so one index serves the whole order.
var bookOrder = Ascending("catalog_book.title", "catalog_book.author_last_name", "catalog_book.author_first_name", "catalog_book.id")

// TableName keeps Django's table name.
func (Book) TableName() string { return "catalog_book" }

// String returns the title.
func (b Book) String() string { return b.Title }

// DisplayGenre lists up to three genres, as the Django admin's display_genre.
func (b Book) DisplayGenre() string {
	s := ""
	for i, g := range b.Genres {
		if i == 3 {
			break
		}
		if i > 0 {
			s += ", "
		}
		s += g.Name
	}
	return s
}

// ListBooks reads a page of books with their authors, ordered by title then author.
func ListBooks(ctx context.Context, db *gorm.DB, p ListParams) ([]Book, Page, error) {
	db = db.WithContext(ctx)
	return ListPage[Book](bookListing(db, db.Model(&Book{}), bookOrder, CounterTotal(db, 0, counterBooks)), p, "book list")
}

// bookListing lists the books keys selects, in order, with their authors.
func bookListing(db, keys *gorm.DB, order Order, total func() (Total, error)) Listing {
	return Listing{Keys: keys, Order: order, Rows: db.Model(&Book{}).Joins("Author"), RowID: "catalog_book.id", Total: total}
}

// GetBook loads a book with its author, language, genres and every copy.
func GetBook(ctx context.Context, db *gorm.DB, id int64) (Book, error) {
	var b Book
	q := db.WithContext(ctx).Joins("Author").Joins("Language").
		Preload("Genres", func(tx *gorm.DB) *gorm.DB { return tx.Order(genreOrder.sql(false, false)) }).
		Preload("Copies", func(tx *gorm.DB) *gorm.DB { return tx.Order(copyOrder.sql(false, false)) }).
		Where("catalog_book.id = ?", id)
	return b, Take(q, &b, "book", id)
}

// BooksBy says whose books to list on a detail page.
type BooksBy struct {
	AuthorID, GenreID, LanguageID int64
}

// booksOfGenreOrder is bookOrder over a genre's links to its books, which carry the books' sort
// keys, so that the genre's index serves it.
var booksOfGenreOrder = Ascending("catalog_book_genre.book_title", "catalog_book_genre.book_author_last_name",
	"catalog_book_genre.book_author_first_name", "catalog_book_genre.book_id")

// ListBooksBy reads a page of the books of one author, genre or language, with their authors.
// Each is served by an index on the parent and the order, and totalled by the parent's counter.
func ListBooksBy(ctx context.Context, db *gorm.DB, by BooksBy, p ListParams) ([]Book, Page, error) {
	db = db.WithContext(ctx)
	var l Listing
	switch {
	case by.AuthorID != 0:
		// One author's books differ only by title.
		l = bookListing(db, db.Model(&Book{}).Where("catalog_book.author_id = ?", by.AuthorID),
			Ascending("catalog_book.title", "catalog_book.id"), CounterTotal(db, by.AuthorID, counterBooksOfAuthor))
	case by.GenreID != 0:
		l = bookListing(db, db.Table("catalog_book_genre").Where("catalog_book_genre.genre_id = ?", by.GenreID),
			booksOfGenreOrder, CounterTotal(db, by.GenreID, counterBooksOfGenre))
	default:
		l = bookListing(db, db.Model(&Book{}).Where("catalog_book.language_id = ?", by.LanguageID),
			bookOrder, CounterTotal(db, by.LanguageID, counterBooksOfLanguage))
	}
	return ListPage[Book](l, p, "books of")
}

// GetBookForEdit loads a book with its author, language and genres, without its copies.
func GetBookForEdit(ctx context.Context, db *gorm.DB, id int64) (Book, error) {
	var b Book
	q := db.WithContext(ctx).Joins("Author").Joins("Language").
		Preload("Genres", func(tx *gorm.DB) *gorm.DB { return tx.Order(nameOrder) }).
		Where("catalog_book.id = ?", id)
	return b, Take(q, &b, "book", id)
}

// CreateBook inserts b in the genres genreIDs and records who added it. A taken ISBN gives
// ErrDuplicate; an author, language or genre that does not exist (or was just deleted)
// ErrInvalidChoice.
func CreateBook(ctx context.Context, db *gorm.DB, b *Book, genreIDs []int64, ch Change) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		b.Version = 1
		if err := tx.Omit(clause.Associations).Create(b).Error; err != nil {
			return constraintError(tx, err, ErrInvalidChoice, "create book")
		}
		if err := addGenres(tx, b.ID, genreIDs); err != nil {
			return err
		}
		return logAction(tx, ch, ActionAddition, ContentBook, strconv.FormatInt(b.ID, 10), b.Title)
	})
}

// UpdateBook saves b's fields and sets its genres to genreIDs if b.Version is still the stored
// one (ErrStale otherwise); errors as CreateBook.
func UpdateBook(ctx context.Context, db *gorm.DB, b Book, genreIDs []int64, ch Change) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		err := updateVersioned(tx, "catalog_book", b.ID, b.Version, map[string]any{
			"title": b.Title, "author_id": b.AuthorID, "summary": b.Summary, "isbn": b.ISBN, "language_id": b.LanguageID})
		if err != nil {
			return err
		}
		if err := tx.Exec("DELETE FROM catalog_book_genre WHERE book_id = ?", b.ID).Error; err != nil {
			return fmt.Errorf("update genres of book %d: %w", b.ID, err)
		}
		if err := addGenres(tx, b.ID, genreIDs); err != nil {
			return err
		}
		return logAction(tx, ch, ActionChange, ContentBook, strconv.FormatInt(b.ID, 10), b.Title)
	})
}

// addGenres puts book bookID in the genres, in one statement.
func addGenres(tx *gorm.DB, bookID int64, genreIDs []int64) error {
	return insertPairs(tx, "catalog_book_genre", "book_id", "genre_id", bookID, genreIDs)
}

// DeleteBook deletes a book without copies (its genre links go with it) and returns it; a book
// with copies, even one added a moment ago, gives ErrProtected.
func DeleteBook(ctx context.Context, db *gorm.DB, id int64, ch Change) (Book, error) {
	var b Book
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := Take(tx.Where("id = ?", id), &b, "book", id); err != nil {
			return err
		}
		if err := deleteRow(tx, "catalog_book", id); err != nil {
			return err
		}
		return logAction(tx, ch, ActionDeletion, ContentBook, strconv.FormatInt(id, 10), b.Title)
	})
	return b, err
}

// BookFilter selects the books of the admin's book list and of the books CSV export: a text
// matched as the catalog search matches it (title, author, ISBN, genre), and an author, genre and
// language (0: any).
type BookFilter struct {
	Q                             string
	AuthorID, GenreID, LanguageID int64
}

// Scope adds the filter's conditions to a query on catalog_book.
func (f BookFilter) Scope() func(*gorm.DB) *gorm.DB {
	return func(q *gorm.DB) *gorm.DB {
		if text := searchText(f.Q); text != "" {
			q = q.Where("catalog_book.id IN (?)", Search{Q: text}.matchingBooks(fresh(q)))
		}
		if f.AuthorID != 0 {
			q = q.Where("catalog_book.author_id = ?", f.AuthorID)
		}
		if f.GenreID != 0 {
			q = q.Where("catalog_book.id IN (SELECT book_id FROM catalog_book_genre WHERE genre_id = ?)", f.GenreID)
		}
		if f.LanguageID != 0 {
			q = q.Where("catalog_book.language_id = ?", f.LanguageID)
		}
		return q
	}
}

// BookColumns are the columns of the admin's book list.
// The title sorts as the catalog does (then by author), an author by the names each book carries.
// A book's language may be empty: sorted by it, the list reads by OFFSET.
var BookColumns = []Column{
	{"Title", []string{"catalog_book.title"}, []string{"catalog_book.title", "catalog_book.author_last_name", "catalog_book.author_first_name"}, false},
	{"Author", []string{`"Author".last_name`, `"Author".first_name`}, []string{"catalog_book.author_last_name", "catalog_book.author_first_name"}, false},
	{"Language", []string{`"Language".name`}, nil, true},
	{"ISBN", []string{"catalog_book.isbn"}, []string{"catalog_book.isbn"}, false},
	{"Copies", nil, nil, false},
}

// changeList is the admin's list of the books f selects. Unsearched and narrowed to at most one
// author, genre or language, it is totalled by a counter; in catalog order, a list narrowed to one
// author or genre reads that parent's index, as the author's and genre's pages do.
func (f BookFilter) changeList(db *gorm.DB, keys []SortKey) (changeList, error) {
	cl := changeList{keys: db.Model(&Book{}).Scopes(f.Scope()), inner: []string{"Author"}, joins: []string{"Language"}, rowID: "catalog_book.id",
		cols: BookColumns, def: bookOrder}
	parents := 0
	for _, id := range []int64{f.AuthorID, f.GenreID, f.LanguageID} {
		if id != 0 {
			parents++
		}
	}
	if text := searchText(f.Q); text != "" {
		return f.searched(db, cl, text, parents > 0)
	}
	if parents > 1 {
		return cl, nil
	}
	cl.total = CounterTotal(db, 0, counterBooks)
	inCatalogOrder := len(keys) == 0 || (len(keys) == 1 && keys[0].Column == 0)
	desc := len(keys) == 1 && keys[0].Desc
	switch {
	case f.AuthorID != 0:
		cl.total = CounterTotal(db, f.AuthorID, counterBooksOfAuthor)
		if inCatalogOrder {
			// One author's books differ only by title.
			cl.ordered = Ascending("catalog_book.title", "catalog_book.id").desc(desc)
		}
	case f.GenreID != 0:
		cl.total = CounterTotal(db, f.GenreID, counterBooksOfGenre)
		if inCatalogOrder {
			cl.keys = db.Table("catalog_book_genre").Where("catalog_book_genre.genre_id = ?", f.GenreID)
			cl.ordered = booksOfGenreOrder.desc(desc)
		}
	case f.LanguageID != 0:
		cl.total = CounterTotal(db, f.LanguageID, counterBooksOfLanguage)
	}
	return cl, nil
}

// searched narrows cl to the books matching text as the catalog search finds them: the matches
// are counted up to SearchCap through the search indexes; fewer are read through the indexes,
// more by walking the list's order and keeping the matches, frequent enough then for the walk to
// be short. Narrowed to a parent too (narrowed), the list counts its own rows up to AdminCap.
func (f BookFilter) searched(db *gorm.DB, cl changeList, text string, narrowed bool) (changeList, error) {
	t := Search{Q: text}.terms(db)
	total, err := t.total(db)()
	if err != nil {
		return cl, err
	}
	cl.keys = t.keys(db, total.Capped)
	if narrowed {
		cl.keys = cl.keys.Scopes(BookFilter{AuthorID: f.AuthorID, GenreID: f.GenreID, LanguageID: f.LanguageID}.Scope())
	} else {
		cl.total = func() (Total, error) { return total, nil }
	}
	return cl, nil
}

// BookChangeList reads a page of the books f selects, ordered by keys over BookColumns, with
// their authors, languages and numbers of copies: three statements whatever the page size.
func BookChangeList(ctx context.Context, db *gorm.DB, f BookFilter, keys []SortKey, p ListParams) ([]Counted[Book], Page, error) {
	db = db.WithContext(ctx)
	cl, err := f.changeList(db, keys)
	if err != nil {
		return nil, Page{}, fmt.Errorf("admin book list: %w", err)
	}
	books, page, err := readChangeList[Book](cl, keys, p, "admin book list")
	if err != nil {
		return nil, page, err
	}
	rows, err := withCounts(db, books, func(b Book) int64 { return b.ID }, "catalog_bookinstance", "book_id")
	return rows, page, err
}
