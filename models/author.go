package models

import (
	"context"

	"gorm.io/gorm"
)

// Author is a writer of books in the catalog.
type Author struct {
	ID          int64
	FirstName   string
	LastName    string
	DateOfBirth *Date
	DateOfDeath *Date
	Books       []Book `gorm:"foreignKey:AuthorID"`
}

// authorOrder is Author's Meta.ordering.
const authorOrder = "last_name, first_name, id"

// TableName keeps Django's table name.
func (Author) TableName() string { return "catalog_author" }

// String returns "Last, First", as the Django model's __str__.
func (a Author) String() string { return a.LastName + ", " + a.FirstName }

// Lifespan returns "birth - death" with either side blank when unknown.
func (a Author) Lifespan() string {
	if a.DateOfBirth == nil && a.DateOfDeath == nil {
		return ""
	}
	s := ""
	if a.DateOfBirth != nil {
		s = a.DateOfBirth.Display()
	}
	s += " - "
	if a.DateOfDeath != nil {
		s += a.DateOfDeath.Display()
	}
	return s
}

// ListAuthors reads a page of authors, ordered by last then first name.
func ListAuthors(ctx context.Context, db *gorm.DB, p ListParams) ([]Author, Page, error) {
	return listPage[Author](db.WithContext(ctx).Model(&Author{}), p, authorOrder, "author list")
}

// GetAuthor loads an author.
func GetAuthor(ctx context.Context, db *gorm.DB, id int64) (Author, error) {
	var a Author
	return a, Take(db.WithContext(ctx).Where("id = ?", id), &a, "author", id)
}
