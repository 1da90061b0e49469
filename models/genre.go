package models

import "strconv"

// Genre is a category of books; names are unique ignoring case.
type Genre struct {
	ID   int64
	Name string
}

// TableName keeps Django's table name.
func (Genre) TableName() string { return "catalog_genre" }

// String returns the genre's name.
func (g Genre) String() string { return g.Name }

// URL returns the genre's detail page.
func (g Genre) URL() string { return "/catalog/genre/" + strconv.FormatInt(g.ID, 10) }

// Language is the language a book is written in; names are unique ignoring case.
type Language struct {
	ID   int64
	Name string
}

// TableName keeps Django's table name.
func (Language) TableName() string { return "catalog_language" }

// String returns the language's name.
func (l Language) String() string { return l.Name }

// URL returns the language's detail page.
func (l Language) URL() string { return "/catalog/language/" + strconv.FormatInt(l.ID, 10) }
