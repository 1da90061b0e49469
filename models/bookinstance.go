package models

import (
	"github.com/google/uuid"
)

// Loan statuses of a copy, with Django's one-letter codes.
const (
	StatusMaintenance = "d"
	StatusOnLoan      = "o"
	StatusAvailable   = "a"
	StatusReserved    = "r"
)

// LoanStatuses lists the statuses in the order of the Django model's choices.
var LoanStatuses = []struct{ Code, Name string }{
	{StatusMaintenance, "Maintenance"},
	{StatusOnLoan, "On loan"},
	{StatusAvailable, "Available"},
	{StatusReserved, "Reserved"},
}

// StatusName returns the display name of a status code ("" if unknown).
func StatusName(code string) string {
	for _, s := range LoanStatuses {
		if s.Code == code {
			return s.Name
		}
	}
	return ""
}

// BookInstance is a physical copy of a book that can be borrowed.
type BookInstance struct {
	ID         uuid.UUID `gorm:"type:uuid;primaryKey"`
	BookID     int64
	Book       Book
	Imprint    string
	DueBack    *Date
	Status     string
	BorrowerID *int64
	Borrower   *User
}

// TableName keeps Django's table name.
func (BookInstance) TableName() string { return "catalog_bookinstance" }

// String returns "id (title)", as the Django model's __str__.
func (bi BookInstance) String() string { return bi.ID.String() + " (" + bi.Book.Title + ")" }

// URL returns the copy's detail page.
func (bi BookInstance) URL() string { return "/catalog/bookinstance/" + bi.ID.String() }

// StatusDisplay returns the status's name (Django's get_status_display).
func (bi BookInstance) StatusDisplay() string { return StatusName(bi.Status) }

// IsOverdue reports whether the copy has a due date before today.
func (bi BookInstance) IsOverdue() bool {
	return bi.DueBack != nil && bi.DueBack.Before(Today())
}

// ParseUUID reads a copy id from a URL; a malformed one is ErrNotFound.
func ParseUUID(s string) (uuid.UUID, error) {
	id, err := uuid.Parse(s)
	if err != nil || len(s) != 36 {
		return uuid.UUID{}, ErrNotFound
	}
	return id, nil
}
