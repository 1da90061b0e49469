package csvio

import (
	"strconv"
	"strings"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"locallibrary/app/forms"
	"locallibrary/models"
)

// copyFields pairs the copy form's fields (and the id) with the columns of a copies file.
var copyFields = []field{{forms.NonField, ""}, {"id", "id"}, {"book", "isbn"}, {"imprint", "imprint"}, {"status", "status"},
	{"due_back", "due_back"}, {"borrower", "borrower"}}

// InvalidUUID is Django's message for a malformed UUID.
const InvalidUUID = "Enter a valid UUID."

// copyForm fills the copy form from a row's values (in the order of Columns(Copies)) and
// validates it, with the copy's id: the row's, or uuid.Nil for a new copy.
func copyForm(fields []string) (forms.BookInstance, uuid.UUID) {
	f := forms.NewBookInstanceRow(fields[1], fields[2], fields[3], fields[4], fields[5])
	f.Validate()
	var id uuid.UUID
	if s := strings.TrimSpace(fields[0]); s != "" {
		var err error
		if id, err = uuid.Parse(s); err != nil || id == uuid.Nil {
			f.Errors.Add("id", InvalidUUID)
		}
	}
	return f, id
}

// copyRow is a valid row waiting for its batch to be written.
type copyRow struct {
	row  int
	form forms.BookInstance
	id   uuid.UUID
	// given tells a row's own id from one made up for a new copy.
	given bool
	isbn  string
}

// borrower is what a username in a file comes to: an active member, or nobody (id 0).
type borrower struct {
	id       int64
	username string
}

// copyImporter imports a copies file.
type copyImporter struct {
	tx   *gorm.DB
	ch   models.Change
	rep  *Report
	rows []copyRow
	// ids maps the ids read so far to their rows, to refuse a copy twice in one file.
	ids       map[uuid.UUID]int32
	borrowers *cache[borrower]
}

func newCopyImporter(tx *gorm.DB, ch models.Change, rep *Report) *copyImporter {
	return &copyImporter{tx: tx, ch: ch, rep: rep, ids: map[uuid.UUID]int32{}, borrowers: newCache[borrower](cacheLimit)}
}

func (im *copyImporter) pending() int { return len(im.rows) }

func (im *copyImporter) add(rec record) {
	f, id := copyForm(rec.fields)
	if f.Errors.Any() {
		im.rep.formErrors(rec.row, f.Errors, copyFields)
		return
	}
	given := id != uuid.Nil
	if !given {
		id = uuid.New()
	} else if first, ok := im.ids[id]; ok {
		im.rep.fail(RowError{Row: rec.row, Field: "id", Message: "This id is also on row " + strconv.Itoa(int(first)) + ": a file lists each copy once."})
		return
	}
	im.ids[id] = int32(rec.row)
	im.rows = append(im.rows, copyRow{row: rec.row, form: f, id: id, given: given, isbn: f.ISBN()})
}

func (im *copyImporter) flush() error {
	rows := im.rows
	im.rows = nil
	if len(rows) == 0 {
		return nil
	}
	books, users, existing, err := im.lookup(rows)
	if err != nil {
		return err
	}
	var creates, updates []models.CopyImport
	for _, r := range rows {
		f := &r.form
		book, ok := books[r.isbn]
		if !ok {
			f.UnknownBook()
		}
		var lent *models.User
		if u := users[models.NameKey(f.Borrower)]; f.OnLoan() && u.id == 0 {
			f.UnknownBorrower()
		} else if f.OnLoan() {
			f.Borrower = u.username
			lent = &models.User{ID: u.id, Username: u.username}
		}
		if f.Errors.Any() {
			im.rep.formErrors(r.row, f.Errors, copyFields)
			continue
		}
		after := f.BookInstance(book, lent)
		after.ID = r.id
		stored, ok := existing[r.id]
		if !ok {
			creates = append(creates, models.CopyImport{After: after})
			continue
		}
		if changed := f.Changed(stored, book.ID); len(changed) > 0 {
			updates = append(updates, models.CopyImport{Before: &stored, After: after, Fields: changed})
		} else {
			im.rep.Unchanged++
		}
	}
	if err := models.CreateCopies(im.tx, creates, im.ch); err != nil {
		return err
	}
	if err := models.UpdateCopies(im.tx, updates, im.ch); err != nil {
		return err
	}
	im.rep.Created += len(creates)
	im.rep.Updated += len(updates)
	return nil
}

// lookup finds what the rows refer to: their books (by ISBN), their borrowers (by NameKey) and
// the copies already there (by id, locked): a few statements for the whole batch.
func (im *copyImporter) lookup(rows []copyRow) (map[string]models.Book, map[string]borrower, map[uuid.UUID]models.BookInstance, error) {
	var isbns []string
	var ids []uuid.UUID
	for _, r := range rows {
		isbns = append(isbns, r.isbn)
		if r.given {
			ids = append(ids, r.id)
		}
	}
	books, err := models.BooksByISBN(im.tx, isbns)
	if err != nil {
		return nil, nil, nil, err
	}
	users, err := im.lookupBorrowers(rows)
	if err != nil {
		return nil, nil, nil, err
	}
	existing, err := models.CopiesByID(im.tx, ids)
	return books, users, existing, err
}

// lookupBorrowers finds the active members the rows on loan name, by NameKey.
func (im *copyImporter) lookupBorrowers(rows []copyRow) (map[string]borrower, error) {
	out := map[string]borrower{}
	var unknown []string
	for _, r := range rows {
		k := models.NameKey(r.form.Borrower)
		if _, ok := out[k]; ok || !r.form.OnLoan() {
			continue
		}
		v, ok := im.borrowers.get(k)
		if !ok {
			unknown = append(unknown, r.form.Borrower)
		}
		out[k] = v
	}
	if len(unknown) > 0 {
		found, err := models.ActiveUsersNamed(im.tx, unknown)
		if err != nil {
			return nil, err
		}
		for k, u := range found {
			out[k] = borrower{id: u.ID, username: u.Username}
		}
	}
	for k, v := range out {
		im.borrowers.put(k, v)
	}
	return out, nil
}
