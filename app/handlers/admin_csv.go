package handlers

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"locallibrary/app/csvio"
	"locallibrary/app/forms"
	"locallibrary/app/request"
	"locallibrary/app/sessions"
	"locallibrary/models"
)

// importPreviewRows is how many rows of an uploaded file the preview shows.
const importPreviewRows = 10

// AdminBookExport streams, as CSV, the books the list's search and filters select (its "Download
// CSV" link carries its query string).
func (h *Handlers) AdminBookExport(c *fiber.Ctx) error {
	f, err := forms.NewChangeList(c, models.BookColumns).BookFilter()
	if err != nil {
		return badFilter(err)
	}
	return h.streamCSV(c, "books.csv", func(ctx context.Context, db *gorm.DB, w io.Writer) error {
		return csvio.ExportBooks(ctx, db, w, f.Scope())
	})
}

// AdminCopyExport streams, as CSV, the copies the list's search and filters select.
func (h *Handlers) AdminCopyExport(c *fiber.Ctx) error {
	f, err := forms.NewChangeList(c, models.BookInstanceColumns).BookInstanceFilter()
	if err != nil {
		return badFilter(err)
	}
	return h.streamCSV(c, "copies.csv", func(ctx context.Context, db *gorm.DB, w io.Writer) error {
		return csvio.ExportCopies(ctx, db, w, f.Scope())
	})
}

// badFilter is the answer to a malformed filter value.
func badFilter(err error) error {
	if errors.Is(err, forms.ErrBadFilter) {
		return fiber.NewError(fiber.StatusBadRequest, "The list's filters are malformed: "+err.Error()+".")
	}
	return err
}

// streamCSV sends the file export writes as an attachment, streamed as it is written, so that
// neither the server nor the database holds it whole. A failure half-way is logged: the status
// has gone by then, and the file ends early.
func (h *Handlers) streamCSV(c *fiber.Ctx, filename string, export func(context.Context, *gorm.DB, io.Writer) error) error {
	// The request's context is gone once the handler returns, while the body is still being
	// written.
	ctx, db, log := context.WithoutCancel(c.UserContext()), h.DB, h.Log
	path := c.Path()
	c.Set(fiber.HeaderContentType, csvio.ContentType)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+filename+`"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		if err := export(ctx, db, w); err != nil {
			log.Error("CSV export failed", "path", path, "err", err)
		}
		if err := w.Flush(); err != nil {
			log.Warn("CSV export not sent whole", "path", path, "err", err)
		}
	})
	return nil
}

// AdminBookImportForm shows the books CSV upload form.
func (h *Handlers) AdminBookImportForm(c *fiber.Ctx) error {
	return h.renderImport(c, fiber.StatusOK, forms.Import{}, nil, csvio.Report{})
}

// AdminBookImport previews an uploaded books CSV — its first rows and every row's errors, the
// file validated against the database and nothing written — keeping the file in the database
// meanwhile; or, confirmed, imports the file previewed, all of it or nothing.
func (h *Handlers) AdminBookImport(c *fiber.Ctx) error {
	f := forms.NewImport(c)
	if !f.Validate() {
		status := fiber.StatusUnprocessableEntity
		if f.TooLarge() {
			status = fiber.StatusRequestEntityTooLarge
		}
		return h.renderImport(c, status, f, nil, csvio.Report{})
	}
	if f.Confirming() {
		return h.commitImport(c, f)
	}
	ctx, uid := c.UserContext(), request.User(c).ID
	data, err := f.Read()
	if err != nil {
		return err
	}
	if f.Errors.Any() {
		return h.renderImport(c, fiber.StatusRequestEntityTooLarge, f, nil, csvio.Report{})
	}
	rep, err := csvio.Import(ctx, h.DB, bytes.NewReader(data), csvio.Books, csvio.Options{DryRun: true, Preview: importPreviewRows, UserID: &uid})
	if errors.Is(err, csvio.ErrInvalid) {
		return h.renderImport(c, fiber.StatusUnprocessableEntity, f, nil, rep)
	}
	if err != nil {
		return err
	}
	up := models.Upload{UserID: uid, Kind: csvio.Books.String(), Filename: truncateRunes(f.Filename, 255), Data: data}
	if err := models.SaveUpload(ctx, h.DB, &up, time.Now()); err != nil {
		return err
	}
	return h.renderImport(c, fiber.StatusOK, f, &up, rep)
}

// commitImport imports the upload the form confirms, if it is the user's and has not expired.
func (h *Handlers) commitImport(c *fiber.Ctx, f forms.Import) error {
	ctx, uid := c.UserContext(), request.User(c).ID
	up, err := models.GetUpload(ctx, h.DB, f.UploadID(), uid, csvio.Books.String(), time.Now())
	if errors.Is(err, models.ErrNotFound) {
		f.Gone()
		return h.renderImport(c, fiber.StatusUnprocessableEntity, f, nil, csvio.Report{})
	}
	if err != nil {
		return err
	}
	f.Filename = up.Filename
	rep, err := csvio.Import(ctx, h.DB, bytes.NewReader(up.Data), csvio.Books, csvio.Options{Preview: importPreviewRows, UserID: &uid})
	if errors.Is(err, csvio.ErrInvalid) {
		// The catalog changed since the preview so that a row no longer fits.
		return h.renderImport(c, fiber.StatusUnprocessableEntity, f, &up, rep)
	}
	if err != nil {
		return err
	}
	if err := models.DeleteUpload(ctx, h.DB, up.ID); err != nil {
		return err
	}
	sessions.From(c).AddFlash("Imported " + f.Filename + ": " + importSummary(rep))
	return h.redirect(c, fiber.StatusSeeOther, adminModels["book"].Route("changelist"))
}

// importSummary says what an import did, or would do.
func importSummary(rep csvio.Report) string {
	n := func(v int, one, many string) string { return strconv.Itoa(v) + " " + plural(v, one, many) }
	return n(rep.Created, "book added", "books added") + ", " + n(rep.Updated, "book changed", "books changed") + ", " +
		n(rep.Unchanged, "book unchanged", "books unchanged") + "; " + n(rep.NewAuthors, "new author", "new authors") + ", " +
		n(rep.NewGenres, "new genre", "new genres") + ", " + n(rep.NewLanguages, "new language", "new languages") + "."
}

func (h *Handlers) renderImport(c *fiber.Ctx, status int, f forms.Import, up *models.Upload, rep csvio.Report) error {
	data := Data{"title": "Import books from a CSV file", "form": f, "report": rep, "columns": csvio.Columns(csvio.Books),
		"max_errors": csvio.MaxErrors}
	if up != nil && len(rep.Errors) == 0 {
		data["upload"], data["summary"] = up.ID.String(), importSummary(rep)
	}
	return h.adminRender(c, status, "admin/import", adminModels["book"], data)
}

// truncateRunes cuts s to at most n characters.
func truncateRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
