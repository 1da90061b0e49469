package models

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// DateLayout is the YYYY-MM-DD form used in URLs, forms (the browser's date input) and storage.
const DateLayout = "2006-01-02"

// Date is a calendar day without a time of day, like Django's DateField.
type Date struct {
	time.Time
}

// NewDate returns the day of t in t's location.
func NewDate(t time.Time) Date {
	y, m, d := t.Date()
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// Today returns the current local day.
func Today() Date {
	return NewDate(time.Now())
}

// ParseDate reads a YYYY-MM-DD date from year 1 on (PostgreSQL has no year 0).
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Date{}, err
	}
	if t.Year() < 1 {
		return Date{}, fmt.Errorf("date %q: there is no year 0", s)
	}
	return Date{t}, nil
}

// MustDate parses a YYYY-MM-DD literal and panics on a malformed one; for fixed data only.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// AddDays returns the day n days later.
func (d Date) AddDays(n int) Date {
	return Date{d.Time.AddDate(0, 0, n)}
}

// Before reports whether d is an earlier day than o.
func (d Date) Before(o Date) bool { return d.Time.Before(o.Time) }

// After reports whether d is a later day than o.
func (d Date) After(o Date) bool { return d.Time.After(o.Time) }

// String returns the YYYY-MM-DD form.
func (d Date) String() string { return d.Time.Format(DateLayout) }

// Display returns the date as Django prints a DateField by default ("Nov. 25, 2026").
func (d Date) Display() string {
	month := d.Time.Format("Jan.")
	switch d.Month() {
	case time.May:
		month = "May"
	case time.March, time.April, time.June, time.July:
		month = d.Time.Format("January")
	case time.September:
		month = "Sept."
	}
	return fmt.Sprintf("%s %d, %04d", month, d.Day(), d.Year())
}

// Value stores the date as YYYY-MM-DD, which both PostgreSQL's date and SQLite's text compare correctly.
func (d Date) Value() (driver.Value, error) {
	return d.String(), nil
}

// Scan reads a date column from either driver.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*d = NewDate(v)
		return nil
	case string:
		return d.parse(v)
	case []byte:
		return d.parse(string(v))
	default:
		return fmt.Errorf("date: cannot scan %T", src)
	}
}

func (d *Date) parse(s string) error {
	if len(s) > len(DateLayout) {
		s = s[:len(DateLayout)]
	}
	p, err := ParseDate(s)
	if err != nil {
		return fmt.Errorf("date: %w", err)
	}
	*d = p
	return nil
}
