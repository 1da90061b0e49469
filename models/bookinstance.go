package models

import (
	"context"

	"github.com/google/uuid"
	"gorm.io/gorm"
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

// copyOrder is BookInstance's Meta.ordering: by due date, copies without one last.
const copyOrder = "catalog_bookinstance.due_back NULLS LAST, catalog_bookinstance.id"

// TableName keeps Django's table name.
func (BookInstance) TableName() string { return "catalog_bookinstance" }

// String returns "id (title)", as the Django model's __str__.
func (bi BookInstance) String() string { return bi.ID.String() + " (" + bi.Book.Title + ")" }

// StatusDisplay returns the status's name (Django's get_status_display).
func (bi BookInstance) StatusDisplay() string { return StatusName(bi.Status) }

// IsAvailable reports whether the copy can be lent now.
func (bi BookInstance) IsAvailable() bool { return bi.Status == StatusAvailable }

// IsOnLoan reports whether the copy is lent to someone.
func (bi BookInstance) IsOnLoan() bool { return bi.Status == StatusOnLoan }

// IsReserved reports whether the copy is set aside for someone.
func (bi BookInstance) IsReserved() bool { return bi.Status == StatusReserved }

// IsMaintenance reports whether the copy is out of circulation for repair.
func (bi BookInstance) IsMaintenance() bool { return bi.Status == StatusMaintenance }

// StatusClass is the text colour of the status: available green, maintenance red, others amber.
func (bi BookInstance) StatusClass() string {
	switch bi.Status {
	case StatusAvailable:
		return "text-success"
	case StatusMaintenance:
		return "text-danger"
	}
	return "text-warning-emphasis"
}

// IsOverdue reports whether the copy has a due date before today.
func (bi BookInstance) IsOverdue() bool {
	return bi.DueBack != nil && bi.DueBack.Before(Today())
}

// ListBookInstances reads a page of copies with their books, ordered by due date.
func ListBookInstances(ctx context.Context, db *gorm.DB, p ListParams) ([]BookInstance, Page, error) {
	return listPage[BookInstance](db.WithContext(ctx).Model(&BookInstance{}), p, copyOrder, "copy list", "Book")
}

// GetBookInstance loads a copy with its book.
func GetBookInstance(ctx context.Context, db *gorm.DB, id uuid.UUID) (BookInstance, error) {
	var bi BookInstance
	return bi, Take(db.WithContext(ctx).Joins("Book").Where("catalog_bookinstance.id = ?", id), &bi, "copy", id)
}
