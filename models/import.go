package models

import (
	"database/sql"
	"fmt"
	"strconv"

	"gorm.io/gorm"
)

// The batched reads and writes of catalog imports: each reads or writes a whole batch of rows in
// a fixed number of statements, inside the import's transaction, and logs every object it adds
// or changes as the forms do.

// GenreIDs finds the genres with these names, ignoring case: their ids by NameKey.
func GenreIDs(tx *gorm.DB, names []string) (map[string]int64, error) {
	return idsNamed(tx, "catalog_genre", names)
}

// LanguageIDs finds the languages with these names, ignoring case: their ids by NameKey.
func LanguageIDs(tx *gorm.DB, names []string) (map[string]int64, error) {
	return idsNamed(tx, "catalog_language", names)
}

// CreateGenres adds genres of these names (none taken, ignoring case), logs each, and returns
// their ids by NameKey. A name taken meanwhile gives ErrDuplicate.
func CreateGenres(tx *gorm.DB, names []string, ch Change) (map[string]int64, error) {
	return createNamed(tx, "catalog_genre", ContentGenre, names, ch)
}

// CreateLanguages adds languages as CreateGenres adds genres.
func CreateLanguages(tx *gorm.DB, names []string, ch Change) (map[string]int64, error) {
	return createNamed(tx, "catalog_language", ContentLanguage, names, ch)
}

// idsNamed reads the ids of the rows of table whose name is one of names, ignoring case.
func idsNamed(tx *gorm.DB, table string, names []string) (map[string]int64, error) {
	keys := make([]string, len(names))
	for i, n := range names {
		keys[i] = NameKey(n)
	}
	found := make(map[string]int64, len(names))
	err := batches(keys, 1, func(batch []string) error {
		var rows []struct {
			ID   int64
			Name string
		}
		if err := tx.Table(table).Select("id", "name").Where("casefold(name) IN ?", batch).Find(&rows).Error; err != nil {
			return fmt.Errorf("%s by name: %w", table, err)
		}
		for _, r := range rows {
			found[NameKey(r.Name)] = r.ID
		}
		return nil
	})
	return found, err
}

func createNamed(tx *gorm.DB, table, contentType string, names []string, ch Change) (map[string]int64, error) {
	rows := make([][]any, len(names))
	for i, n := range names {
		rows[i] = []any{n, 1}
	}
	ids := make(map[string]int64, len(names))
	var actions []logged
	err := insertRows(tx, table, []string{"name", "version"}, rows, "id, name", func(rs *sql.Rows) error {
		var id int64
		var name string
		if err := rs.Scan(&id, &name); err != nil {
			return err
		}
		ids[NameKey(name)] = id
		actions = append(actions, logged{flag: ActionAddition, contentType: contentType, objectID: strconv.FormatInt(id, 10), repr: name})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ids, logActions(tx, ch, actions)
}

// AuthorsByLastName finds the authors with these last names, ignoring case (the callers match
// the first names).
func AuthorsByLastName(tx *gorm.DB, lastNames []string) ([]Author, error) {
	keys := make([]string, len(lastNames))
	for i, n := range lastNames {
		keys[i] = NameKey(n)
	}
	var found []Author
	err := batches(keys, 1, func(batch []string) error {
		var rows []Author
		if err := tx.Where("casefold(last_name) IN ?", batch).Order(authorOrder).Find(&rows).Error; err != nil {
			return fmt.Errorf("authors by name: %w", err)
		}
		found = append(found, rows...)
		return nil
	})
	return found, err
}

// AuthorsByID finds the authors with these ids.
func AuthorsByID(tx *gorm.DB, ids []int64) ([]Author, error) {
	var found []Author
	err := batches(ids, 1, func(batch []int64) error {
		var rows []Author
		if err := tx.Where("id IN ?", batch).Find(&rows).Error; err != nil {
			return fmt.Errorf("authors by id: %w", err)
		}
		found = append(found, rows...)
		return nil
	})
	return found, err
}

// AuthorKey is how an import matches an author's name ignoring case: both NameKeys.
func AuthorKey(last, first string) string { return NameKey(last) + "\x00" + NameKey(first) }

// CreateAuthors adds authors (their names unique among them, ignoring case), logs each, and
// sets their ids.
func CreateAuthors(tx *gorm.DB, authors []Author, ch Change) error {
	rows := make([][]any, len(authors))
	index := make(map[string]int, len(authors))
	for i, a := range authors {
		rows[i] = []any{a.FirstName, a.LastName, dateValue(a.DateOfBirth), dateValue(a.DateOfDeath), 1}
		index[AuthorKey(a.LastName, a.FirstName)] = i
	}
	cols := []string{"first_name", "last_name", "date_of_birth", "date_of_death", "version"}
	var actions []logged
	err := insertRows(tx, "catalog_author", cols, rows, "id, last_name, first_name", func(rs *sql.Rows) error {
		var id int64
		var last, first string
		if err := rs.Scan(&id, &last, &first); err != nil {
			return err
		}
		a := &authors[index[AuthorKey(last, first)]]
		a.ID, a.Version = id, 1
		actions = append(actions, logged{flag: ActionAddition, contentType: ContentAuthor, objectID: strconv.FormatInt(id, 10), repr: a.String()})
		return nil
	})
	if err != nil {
		return err
	}
	return logActions(tx, ch, actions)
}

// BooksByISBN loads the books with these ISBNs (13 digits), keyed by ISBN.
func BooksByISBN(tx *gorm.DB, isbns []string) (map[string]Book, error) {
	return booksByISBN(tx, isbns)
}

// BooksWithGenresByISBN loads the books with these ISBNs with their genres, keyed by ISBN.
func BooksWithGenresByISBN(tx *gorm.DB, isbns []string) (map[string]Book, error) {
	return booksByISBN(tx.Preload("Genres"), isbns)
}

func booksByISBN(q *gorm.DB, isbns []string) (map[string]Book, error) {
	found := make(map[string]Book, len(isbns))
	err := batches(isbns, 1, func(batch []string) error {
		var rows []Book
		if err := q.Session(&gorm.Session{}).Where("isbn IN ?", batch).Find(&rows).Error; err != nil {
			return fmt.Errorf("books by ISBN: %w", err)
		}
		for _, b := range rows {
			found[b.ISBN] = b
		}
		return nil
	})
	return found, err
}

// BookImport is a book an import writes: the book, the ids of its genres, and for a change the
// labels of the fields that changed.
type BookImport struct {
	Book     Book
	GenreIDs []int64
	Fields   []string
}

// CreateBooks adds the books with their genres, logs each, and sets their ids. A taken ISBN
// gives ErrDuplicate.
func CreateBooks(tx *gorm.DB, books []BookImport, ch Change) error {
	rows := make([][]any, len(books))
	index := make(map[string]int, len(books))
	for i, bi := range books {
		b := bi.Book
		rows[i] = []any{b.Title, b.AuthorID, b.Summary, b.ISBN, b.LanguageID, 1}
		index[b.ISBN] = i
	}
	cols := []string{"title", "author_id", "summary", "isbn", "language_id", "version"}
	var actions []logged
	err := insertRows(tx, "catalog_book", cols, rows, "id, isbn", func(rs *sql.Rows) error {
		var id int64
		var isbn string
		if err := rs.Scan(&id, &isbn); err != nil {
			return err
		}
		b := &books[index[isbn]].Book
		b.ID, b.Version = id, 1
		actions = append(actions, logged{flag: ActionAddition, contentType: ContentBook, objectID: strconv.FormatInt(id, 10), repr: b.Title})
		return nil
	})
	if err != nil {
		return err
	}
	if err := linkGenres(tx, books); err != nil {
		return err
	}
	return logActions(tx, ch, actions)
}

// UpdateBooks saves the books' fields, and their genres when "Genre" is among the fields that
// changed, whatever their versions (which move on), and logs each.
func UpdateBooks(tx *gorm.DB, books []BookImport, ch Change) error {
	cols := []column{{"id", "bigint"}, {"title", "text"}, {"author_id", "bigint"}, {"summary", "text"}, {"isbn", "text"}, {"language_id", "bigint"}}
	rows := make([][]any, len(books))
	var regenre []BookImport
	var stale []int64
	actions := make([]logged, len(books))
	for i, bi := range books {
		b := bi.Book
		rows[i] = []any{b.ID, b.Title, b.AuthorID, b.Summary, b.ISBN, b.LanguageID}
		actions[i] = logged{flag: ActionChange, contentType: ContentBook, objectID: strconv.FormatInt(b.ID, 10), repr: b.Title, fields: bi.Fields}
		for _, f := range bi.Fields {
			if f == "Genre" {
				regenre = append(regenre, bi)
				stale = append(stale, b.ID)
			}
		}
	}
	if err := updateRows(tx, "catalog_book", cols, rows); err != nil {
		return err
	}
	err := batches(stale, 1, func(ids []int64) error {
		if err := tx.Exec("DELETE FROM catalog_book_genre WHERE book_id IN ?", ids).Error; err != nil {
			return fmt.Errorf("update genres of books: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := linkGenres(tx, regenre); err != nil {
		return err
	}
	return logActions(tx, ch, actions)
}

// linkGenres puts each book in its genres.
func linkGenres(tx *gorm.DB, books []BookImport) error {
	var rows [][]any
	for _, bi := range books {
		for _, g := range bi.GenreIDs {
			rows = append(rows, []any{bi.Book.ID, g})
		}
	}
	return insertRows(tx, "catalog_book_genre", []string{"book_id", "genre_id"}, rows, "", nil)
}
