package csvio

import (
	"strconv"
	"strings"

	"gorm.io/gorm"

	"locallibrary/app/forms"
	"locallibrary/models"
)

// bookFields pairs the book form's fields with the columns of a books file.
var bookFields = []field{{forms.NonField, ""}, {"title", "title"}, {"author", "author"}, {"summary", "summary"},
	{"isbn", "isbn"}, {"language", "language"}, {"genre", "genres"}}

// cacheLimit bounds each cache of names an import keeps across batches.
const cacheLimit = 100_000

// bookForm fills the book form from a row's values (in the order of Columns(Books)) and
// validates it; a genres value that cannot be read replaces the genre errors.
func bookForm(fields []string) forms.Book {
	genres, err := splitGenres(fields[5])
	f := forms.NewBookRow(fields[0], fields[1], fields[2], fields[3], fields[4], genres)
	f.Validate()
	if err != nil {
		f.Errors["genre"] = []string{err.Error()}
	}
	return f
}

// bookRow is a valid row waiting for its batch to be written.
type bookRow struct {
	row  int
	form forms.Book
	isbn string
	// author is the key of the author the row names (authorKey).
	author string
}

// authorRef is what an author's name in a file comes to: an author's id, or the refs of the
// several authors of that name.
type authorRef struct {
	id        int64
	ambiguous []string
}

// bookImporter imports a books file.
type bookImporter struct {
	tx   *gorm.DB
	ch   models.Change
	rep  *Report
	rows []bookRow
	// isbns maps the ISBNs read so far (as numbers) to their rows, to refuse a book twice in
	// one file: the one thing an import keeps of every row, a dozen bytes or so.
	isbns             map[uint64]int32
	authors           *cache[authorRef]
	genres, languages *cache[int64]
}

func newBookImporter(tx *gorm.DB, ch models.Change, rep *Report) *bookImporter {
	return &bookImporter{tx: tx, ch: ch, rep: rep, isbns: map[uint64]int32{},
		authors: newCache[authorRef](cacheLimit), genres: newCache[int64](cacheLimit), languages: newCache[int64](cacheLimit)}
}

func (im *bookImporter) pending() int { return len(im.rows) }

func (im *bookImporter) add(rec record) {
	f := bookForm(rec.fields)
	if f.Errors.Any() {
		im.rep.formErrors(rec.row, f.Errors, bookFields)
		return
	}
	isbn := f.Book(0, 0, 0).ISBN
	n, _ := strconv.ParseUint(isbn, 10, 64)
	if first, ok := im.isbns[n]; ok {
		im.rep.fail(RowError{Row: rec.row, Field: "isbn", Message: "This ISBN is also on row " + strconv.Itoa(int(first)) + ": a file lists each book once."})
		return
	}
	im.isbns[n] = int32(rec.row)
	_, id := models.SplitRef(f.Author)
	im.rows = append(im.rows, bookRow{row: rec.row, form: f, isbn: isbn, author: authorKey(f.NamedAuthor(), id)})
}

// authorKey is the cache key of an author as a file names it: its name ignoring case, with
// the number of a ref.
func authorKey(a forms.Author, id int64) string {
	k := models.AuthorKey(a.LastName, a.FirstName)
	if id != 0 {
		k += "\x00#" + strconv.FormatInt(id, 10)
	}
	return k
}

func (im *bookImporter) flush() error {
	rows := im.rows
	im.rows = nil
	if len(rows) == 0 {
		return nil
	}
	found, err := im.lookup(rows)
	if err != nil {
		return err
	}
	var creates, updates []models.BookImport
	for _, r := range rows {
		f := &r.form
		a := found.authors[r.author]
		if a.id == 0 {
			f.UnknownAuthor(&models.AmbiguousError{Matches: a.ambiguous})
			im.rep.formErrors(r.row, f.Errors, bookFields)
			continue
		}
		lang := found.languages[models.NameKey(f.Language)]
		var ids []int64
		for _, g := range f.Genre {
			ids = append(ids, found.genres[models.NameKey(g)])
		}
		f.GenresFound(ids)
		stored, ok := found.books[r.isbn]
		if !ok {
			creates = append(creates, models.BookImport{Book: f.Book(0, a.id, lang), GenreIDs: ids})
			continue
		}
		if changed := bookChanges(f, stored, a.id, lang); len(changed) > 0 {
			updates = append(updates, models.BookImport{Book: f.Book(stored.ID, a.id, lang), GenreIDs: ids, Fields: changed})
		} else {
			im.rep.Unchanged++
		}
	}
	if err := models.CreateBooks(im.tx, creates, im.ch); err != nil {
		return err
	}
	if err := models.UpdateBooks(im.tx, updates, im.ch); err != nil {
		return err
	}
	im.rep.Created += len(creates)
	im.rep.Updated += len(updates)
	return nil
}

// bookLookups is what a batch's rows refer to: the ids of their languages and genres (by
// NameKey), their authors (by authorKey), and the books already there (by ISBN).
type bookLookups struct {
	languages, genres map[string]int64
	authors           map[string]authorRef
	books             map[string]models.Book
}

// lookup finds, or creates, what the rows refer to: a few statements for the whole batch.
func (im *bookImporter) lookup(rows []bookRow) (bookLookups, error) {
	var found bookLookups
	var langs, genres []string
	isbns := make([]string, len(rows))
	for i, r := range rows {
		langs = append(langs, r.form.Language)
		genres = append(genres, r.form.Genre...)
		isbns[i] = r.isbn
	}
	var err error
	if found.languages, err = im.names(langs, im.languages, models.LanguageIDs, models.CreateLanguages, &im.rep.NewLanguages); err != nil {
		return found, err
	}
	if found.genres, err = im.names(genres, im.genres, models.GenreIDs, models.CreateGenres, &im.rep.NewGenres); err != nil {
		return found, err
	}
	if found.authors, err = im.resolveAuthors(rows); err != nil {
		return found, err
	}
	found.books, err = models.BooksWithGenresByISBN(im.tx, isbns)
	return found, err
}

// bookChanges lists the labels of the fields of stored that the row changes, as the web form
// does. A file cannot carry a summary's CRLF line breaks (they come back as LF), so a summary
// that differs only in them is the same.
func bookChanges(f *forms.Book, stored models.Book, authorID, languageID int64) []string {
	if strings.ReplaceAll(stored.Summary, "\r\n", "\n") == f.Summary {
		f.Summary = stored.Summary
	}
	if stored.LanguageID != nil {
		stored.Language = &models.Language{ID: *stored.LanguageID}
	}
	return f.Changed(stored, authorID, languageID)
}

// names returns the ids of names (by NameKey): remembered, found, or else created (counted in
// created).
func (im *bookImporter) names(names []string, c *cache[int64],
	find func(*gorm.DB, []string) (map[string]int64, error),
	create func(*gorm.DB, []string, models.Change) (map[string]int64, error), created *int) (map[string]int64, error) {
	ids := map[string]int64{}
	var unknown []string
	for _, n := range names {
		k := models.NameKey(n)
		if _, ok := ids[k]; ok {
			continue
		}
		id, ok := c.get(k)
		if !ok {
			unknown = append(unknown, n)
		}
		ids[k] = id
	}
	if len(unknown) > 0 {
		found, err := find(im.tx, unknown)
		if err != nil {
			return nil, err
		}
		var missing []string
		for _, n := range unknown {
			if id, ok := found[models.NameKey(n)]; ok {
				ids[models.NameKey(n)] = id
			} else {
				missing = append(missing, n)
			}
		}
		made, err := create(im.tx, missing, im.ch)
		if err != nil {
			return nil, err
		}
		*created += len(made)
		for k, id := range made {
			ids[k] = id
		}
	}
	for k, id := range ids {
		c.put(k, id)
	}
	return ids, nil
}
