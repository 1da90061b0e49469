package models

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"gorm.io/gorm"
)

// ListParams says which page of a list to read: the ?page= value and the query to keep in links.
type ListParams struct {
	Page  string
	Query url.Values
}

// Orderings of the Django models' Meta.ordering; a book orders by its author as Author does.
const (
	bookOrder   = `catalog_book.title, "Author".last_name, "Author".first_name, catalog_book.id`
	authorOrder = "last_name, first_name, id"
	copyOrder   = "catalog_bookinstance.due_back NULLS LAST, catalog_bookinstance.id"
	nameOrder   = "name, id"
)

// paginate counts the rows of q, validates the page and reads that page into dst with the
// belongs-to joins named: two statements whatever the page size. The count leaves the joins out,
// so q's conditions must only name q's own table.
func paginate(q *gorm.DB, p ListParams, order string, dst any, joins ...string) (Page, error) {
	var count int64
	if err := q.Session(&gorm.Session{}).Count(&count).Error; err != nil {
		return Page{}, err
	}
	page, err := NewPage(p.Page, count, p.Query)
	if err != nil {
		return Page{}, err
	}
	rows := q.Session(&gorm.Session{})
	for _, j := range joins {
		rows = rows.Joins(j)
	}
	err = rows.Order(order).Limit(PerPage).Offset(page.Offset()).Find(dst).Error
	return page, err
}

// take loads one row by primary key into dst, mapping a missing row to ErrNotFound.
func take(q *gorm.DB, dst any, id any, what string) error {
	var err error
	if id != nil {
		err = q.Take(dst, id).Error
	} else {
		err = q.Take(dst).Error
	}
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("%s %v: %w", what, id, err)
	}
	return nil
}

// ListBooks reads a page of books with their authors, ordered by title then author.
func ListBooks(ctx context.Context, db *gorm.DB, p ListParams) ([]Book, Page, error) {
	var books []Book
	page, err := paginate(db.WithContext(ctx).Model(&Book{}), p, bookOrder, &books, "Author")
	if err != nil {
		return nil, page, wrapList("book list", err)
	}
	return books, page, nil
}

// GetBook loads a book with its author, language, genres and every copy.
func GetBook(ctx context.Context, db *gorm.DB, id int64) (Book, error) {
	var b Book
	q := db.WithContext(ctx).Joins("Author").Joins("Language").
		Preload("Genres", func(tx *gorm.DB) *gorm.DB { return tx.Order(nameOrder) }).
		Preload("Copies", func(tx *gorm.DB) *gorm.DB { return tx.Order(copyOrder) })
	return b, take(q, &b, id, "book")
}

// ListAuthors reads a page of authors, ordered by last then first name.
func ListAuthors(ctx context.Context, db *gorm.DB, p ListParams) ([]Author, Page, error) {
	var authors []Author
	page, err := paginate(db.WithContext(ctx).Model(&Author{}), p, authorOrder, &authors)
	if err != nil {
		return nil, page, wrapList("author list", err)
	}
	return authors, page, nil
}

// GetAuthor loads an author.
func GetAuthor(ctx context.Context, db *gorm.DB, id int64) (Author, error) {
	var a Author
	return a, take(db.WithContext(ctx), &a, id, "author")
}

// ListGenres reads a page of genres, ordered by name.
func ListGenres(ctx context.Context, db *gorm.DB, p ListParams) ([]Genre, Page, error) {
	var genres []Genre
	page, err := paginate(db.WithContext(ctx).Model(&Genre{}), p, nameOrder, &genres)
	if err != nil {
		return nil, page, wrapList("genre list", err)
	}
	return genres, page, nil
}

// GetGenre loads a genre.
func GetGenre(ctx context.Context, db *gorm.DB, id int64) (Genre, error) {
	var g Genre
	return g, take(db.WithContext(ctx), &g, id, "genre")
}

// ListLanguages reads a page of languages, ordered by name.
func ListLanguages(ctx context.Context, db *gorm.DB, p ListParams) ([]Language, Page, error) {
	var langs []Language
	page, err := paginate(db.WithContext(ctx).Model(&Language{}), p, nameOrder, &langs)
	if err != nil {
		return nil, page, wrapList("language list", err)
	}
	return langs, page, nil
}

// GetLanguage loads a language.
func GetLanguage(ctx context.Context, db *gorm.DB, id int64) (Language, error) {
	var l Language
	return l, take(db.WithContext(ctx), &l, id, "language")
}

// BooksBy says whose books to list on a detail page.
type BooksBy struct {
	AuthorID, GenreID, LanguageID int64
}

// ListBooksBy reads a page of the books of one author, genre or language, with their authors.
func ListBooksBy(ctx context.Context, db *gorm.DB, by BooksBy, p ListParams) ([]Book, Page, error) {
	q := db.WithContext(ctx).Model(&Book{})
	switch {
	case by.AuthorID != 0:
		q = q.Where("catalog_book.author_id = ?", by.AuthorID)
	case by.GenreID != 0:
		q = q.Where("catalog_book.id IN (SELECT book_id FROM catalog_book_genre WHERE genre_id = ?)", by.GenreID)
	case by.LanguageID != 0:
		q = q.Where("catalog_book.language_id = ?", by.LanguageID)
	}
	var books []Book
	page, err := paginate(q, p, bookOrder, &books, "Author")
	if err != nil {
		return nil, page, wrapList("books of", err)
	}
	return books, page, nil
}

// ListBookInstances reads a page of copies with their books, ordered by due date.
func ListBookInstances(ctx context.Context, db *gorm.DB, p ListParams) ([]BookInstance, Page, error) {
	var copies []BookInstance
	page, err := paginate(db.WithContext(ctx).Model(&BookInstance{}), p, copyOrder, &copies, "Book")
	if err != nil {
		return nil, page, wrapList("copy list", err)
	}
	return copies, page, nil
}

// GetBookInstance loads a copy with its book.
func GetBookInstance(ctx context.Context, db *gorm.DB, id string) (BookInstance, error) {
	uid, err := ParseUUID(id)
	if err != nil {
		return BookInstance{}, err
	}
	var bi BookInstance
	return bi, take(db.WithContext(ctx).Joins("Book").Where("catalog_bookinstance.id = ?", uid), &bi, nil, "copy")
}

func wrapList(what string, err error) error {
	if errors.Is(err, ErrNotFound) {
		return err
	}
	return fmt.Errorf("%s: %w", what, err)
}
