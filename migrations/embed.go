// Package migrations holds LocalLibrary's versioned SQL schema, one folder per database dialect.
package migrations

import "embed"

// FS holds postgres/*.sql and sqlite/*.sql, embedded in the binary.
//
//go:embed postgres/*.sql sqlite/*.sql
var FS embed.FS
