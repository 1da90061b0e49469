// Package views holds LocalLibrary's templates and static files, embedded in the binary.
package views

import "embed"

// FS holds the templates (layouts/, partials/, catalog/, registration/, errors/, admin/, notices/) and static/.
//
//go:embed layouts partials catalog registration errors admin notices static
var FS embed.FS
