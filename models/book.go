package models

import "strconv"

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

// TableName keeps Django's table name.
func (Book) TableName() string { return "catalog_book" }

// String returns the title.
func (b Book) String() string { return b.Title }

// URL returns the book's detail page.
func (b Book) URL() string { return "/catalog/book/" + strconv.FormatInt(b.ID, 10) }

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
