// Package models holds LocalLibrary's data, one file per resource: the GORM struct named after
// the Django model, its small methods (String, IsOverdue, IsAvailable) and the queries the pages use.
package models

import "errors"

// ErrNotFound is returned when a requested object does not exist; handlers turn it into a 404.
var ErrNotFound = errors.New("not found")
