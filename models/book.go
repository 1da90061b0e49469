package models

import (
	"context"

	"gorm.io/gorm"
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
}

// bookOrder is Book's Meta.ordering: by title, then by author as Author orders.
const bookOrder = `catalog_book.title, "Author".last_name, "Author".first_name, catalog_book.id`

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
	return listPage[Book](db.WithContext(ctx).Model(&Book{}), p, bookOrder, "book list", "Author")
}

// GetBook loads a book with its author, language, genres and every copy.
func GetBook(ctx context.Context, db *gorm.DB, id int64) (Book, error) {
	var b Book
	q := db.WithContext(ctx).Joins("Author").Joins("Language").
		Preload("Genres", func(tx *gorm.DB) *gorm.DB { return tx.Order(nameOrder) }).
		Preload("Copies", func(tx *gorm.DB) *gorm.DB { return tx.Order(copyOrder) }).
		Where("catalog_book.id = ?", id)
	return b, Take(q, &b, "book", id)
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
	return listPage[Book](q, p, bookOrder, "books of", "Author")
}
