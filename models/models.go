// Package models holds LocalLibrary's data, one file per resource: the GORM struct named after
// the Django model, its small methods (String, IsOverdue, IsAvailable) and the queries the pages use.
package models

import (
	"errors"
	"strconv"
	"strings"
)

// ErrNotFound is returned when a requested object does not exist; handlers turn it into a 404.
var ErrNotFound = errors.New("not found")

// ParseID reads a positive integer primary key from a URL; anything else is ErrNotFound.
func ParseID(s string) (int64, error) {
	if s == "" || strings.TrimLeft(s, "0123456789") != "" {
		return 0, ErrNotFound
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, ErrNotFound
	}
	return id, nil
}
