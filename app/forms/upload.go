package forms

import (
	"fmt"
	"io"
	"mime/multipart"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"
)

// MaxUpload is the largest CSV file the admin takes.
const MaxUpload = 50 << 20

// MaxUploadRequest is the largest request body of the upload page: the file and the form
// around it.
const MaxUploadRequest = MaxUpload + 1<<20

// Messages of the upload form.
const (
	UploadTooLarge = "This file is too large: the largest file taken is 50 MB."
	UploadGone     = "This upload has expired or was imported already: upload the file again."
)

// Import is the books CSV upload form: a file to preview, or (Upload) the id of a file
// previewed, to import.
type Import struct {
	Upload   string
	Filename string
	Errors   Errors
	file     *multipart.FileHeader
	id       uuid.UUID
}

// NewImport reads the submitted upload form.
func NewImport(c *fiber.Ctx) Import {
	f := Import{Upload: strings.TrimSpace(value(c, "upload"))}
	if fh, err := c.FormFile("file"); err == nil {
		f.file, f.Filename = fh, strings.Clone(fh.Filename)
	}
	return f
}

// Confirming reports whether the form confirms the import of a file previewed.
func (f *Import) Confirming() bool { return f.Upload != "" }

// Validate checks that a file of at most MaxUpload bytes was chosen, or that the upload
// confirmed is one.
func (f *Import) Validate() bool {
	f.Errors = Errors{}
	if f.Confirming() {
		id, err := uuid.Parse(f.Upload)
		if err != nil {
			f.Errors.Add(NonField, UploadGone)
		}
		f.id = id
		return !f.Errors.Any()
	}
	switch {
	case f.file == nil:
		f.Errors.Add("file", Required)
	case f.file.Size > MaxUpload:
		f.Errors.Add("file", UploadTooLarge)
	}
	return !f.Errors.Any()
}

// TooLarge reports whether the file was refused for its size (the page answers 413).
func (f *Import) TooLarge() bool { return f.file != nil && f.file.Size > MaxUpload }

// UploadID is the id of the upload confirmed (after Validate).
func (f *Import) UploadID() uuid.UUID { return f.id }

// Read returns the file's bytes (after Validate), at most MaxUpload of them.
func (f *Import) Read() ([]byte, error) {
	r, err := f.file.Open()
	if err != nil {
		return nil, fmt.Errorf("read upload: %w", err)
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, MaxUpload+1))
	if err != nil {
		return nil, fmt.Errorf("read upload: %w", err)
	}
	if len(data) > MaxUpload {
		f.Errors.Add("file", UploadTooLarge)
	}
	return data, nil
}

// Gone records that the upload confirmed expired or was imported already.
func (f *Import) Gone() { f.Errors.Add(NonField, UploadGone) }
