package forms

import (
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"locallibrary/models"
)

// Messages of the catalog forms (Django's where Django has one).
const (
	InvalidChoice    = "Select a valid choice. That choice is not one of the available choices."
	DeathBeforeBirth = "Date of death cannot be before date of birth."
	GenreExists      = "Genre already exists (case insensitive match)"
	LanguageExists   = "Language already exists (case insensitive match)"
)

// Field is one input of a form as the change log and an edit conflict see it: its label and its
// value as saved.
type Field struct {
	Label, Value string
}

// changedLabels lists the labels of the fields whose values differ between before and after
// (the same form's fields, in the same order).
func changedLabels(before, after []Field) []string {
	var labels []string
	for i := range after {
		if i >= len(before) || before[i].Value != after[i].Value {
			labels = append(labels, after[i].Label)
		}
	}
	return labels
}

// Conflict is what a form shows when it was saved after someone else changed its object: the
// saved version in the inputs, and the values the user had typed that differ from it.
type Conflict struct {
	// Yours are the user's values that were not saved.
	Yours []Field
}

// conflict records that the object changed meanwhile: the form now holds theirs, and mine are
// listed.
func conflict(e Errors, noun string, mine, theirs []Field) Conflict {
	e.Add(NonField, "This "+noun+" was changed by someone else after you opened this form, so your changes were not saved. "+
		"The form now shows the saved version: make your changes again if they still apply.")
	var c Conflict
	for i, f := range mine {
		if i < len(theirs) && theirs[i].Value != f.Value {
			c.Yours = append(c.Yours, f)
		}
	}
	return c
}

// values copies every submitted value of a repeated field (check boxes, multiple selects).
func values(c *fiber.Ctx, field string) []string {
	var out []string
	for _, b := range c.Request().PostArgs().PeekMulti(field) {
		out = append(out, string(b))
	}
	if len(out) == 0 {
		if mf, err := c.MultipartForm(); err == nil {
			for _, v := range mf.Value[field] {
				out = append(out, strings.Clone(v))
			}
		}
	}
	return out
}

// version reads the hidden version field; anything but a number is 0, which no row has, so
// the save is refused as stale rather than overwriting.
func version(v string) int {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// dateText is an optional date as a form shows it.
func dateText(d *models.Date) string {
	if d == nil {
		return ""
	}
	return d.String()
}

// Author is the author form (the Django tutorial's AuthorForm).
type Author struct {
	FirstName, LastName, DateOfBirth, DateOfDeath string
	// Version is the author's version when the form was opened (a hidden field).
	Version  string
	Errors   Errors
	Conflict Conflict
	born     *models.Date
	died     *models.Date
}

// NewAuthor reads the submitted author form.
func NewAuthor(c *fiber.Ctx) Author {
	return Author{FirstName: value(c, "first_name"), LastName: value(c, "last_name"),
		DateOfBirth: value(c, "date_of_birth"), DateOfDeath: value(c, "date_of_death"), Version: value(c, "version")}
}

// InitialAuthor is the form for a, as stored (an empty form for a new author).
func InitialAuthor(a models.Author) Author {
	return Author{FirstName: a.FirstName, LastName: a.LastName, DateOfBirth: dateText(a.DateOfBirth),
		DateOfDeath: dateText(a.DateOfDeath), Version: strconv.Itoa(a.Version)}
}

// Validate checks the names (required, at most 100 characters) and the dates (real days, death
// not before birth).
func (f *Author) Validate() bool {
	f.Errors = Errors{}
	f.FirstName = required(f.Errors, "first_name", f.FirstName)
	maxLen(f.Errors, "first_name", f.FirstName, 100)
	f.LastName = required(f.Errors, "last_name", f.LastName)
	maxLen(f.Errors, "last_name", f.LastName, 100)
	f.DateOfBirth, f.DateOfDeath = strings.TrimSpace(f.DateOfBirth), strings.TrimSpace(f.DateOfDeath)
	f.born = date(f.Errors, "date_of_birth", f.DateOfBirth)
	f.died = date(f.Errors, "date_of_death", f.DateOfDeath)
	if f.born != nil && f.died != nil && f.died.Before(*f.born) {
		f.Errors.Add("date_of_death", DeathBeforeBirth)
	}
	return !f.Errors.Any()
}

// Author returns the author the valid form describes, with id (0 for a new one).
func (f *Author) Author(id int64) models.Author {
	return models.Author{ID: id, FirstName: f.FirstName, LastName: f.LastName, DateOfBirth: f.born,
		DateOfDeath: f.died, Version: version(f.Version)}
}

// Fields lists the form's values under their labels.
func (f *Author) Fields() []Field {
	return []Field{{"First name", f.FirstName}, {"Last name", f.LastName}, {"Date of birth", f.DateOfBirth}, {"Died", f.DateOfDeath}}
}

// Changed lists the labels of the fields that differ from the stored author.
func (f *Author) Changed(stored models.Author) []string {
	before := InitialAuthor(stored)
	return changedLabels(before.Fields(), f.Fields())
}

// ChangedMeanwhile turns the form into current, the author as someone else just saved it,
// keeping the user's values aside in Conflict.
func (f *Author) ChangedMeanwhile(current models.Author) {
	mine := f.Fields()
	*f = InitialAuthor(current)
	f.Errors = Errors{}
	f.Conflict = conflict(f.Errors, "author", mine, f.Fields())
}

// Name is the form of the models that are only a name: genres and languages.
type Name struct {
	Name     string
	Version  string
	Errors   Errors
	Conflict Conflict
}

// NewName reads a submitted genre or language form.
func NewName(c *fiber.Ctx) Name {
	return Name{Name: value(c, "name"), Version: value(c, "version")}
}

// InitialName is the form for a genre or language named name, at version.
func InitialName(name string, version int) Name {
	return Name{Name: name, Version: strconv.Itoa(version)}
}

// Validate checks the name: required, at most 200 characters.
func (f *Name) Validate() bool {
	f.Errors = Errors{}
	f.Name = required(f.Errors, "name", f.Name)
	maxLen(f.Errors, "name", f.Name, 200)
	return !f.Errors.Any()
}

// Genre returns the genre the valid form describes, with id (0 for a new one).
func (f *Name) Genre(id int64) models.Genre {
	return models.Genre{ID: id, Name: f.Name, Version: version(f.Version)}
}

// Language returns the language the valid form describes, with id (0 for a new one).
func (f *Name) Language(id int64) models.Language {
	return models.Language{ID: id, Name: f.Name, Version: version(f.Version)}
}

// Fields lists the form's value under its label.
func (f *Name) Fields() []Field { return []Field{{"Name", f.Name}} }

// Changed lists "Name" when the name differs from stored.
func (f *Name) Changed(stored string) []string {
	return changedLabels([]Field{{"Name", stored}}, f.Fields())
}

// GenreTaken records that another genre has this name, ignoring case.
func (f *Name) GenreTaken() { f.Errors.Add("name", GenreExists) }

// LanguageTaken records that another language has this name, ignoring case.
func (f *Name) LanguageTaken() { f.Errors.Add("name", LanguageExists) }

// ChangedMeanwhile turns the form into the name someone else just saved (noun: "genre" or
// "language"), keeping the user's value aside in Conflict.
func (f *Name) ChangedMeanwhile(noun, name string, version int) {
	mine := f.Fields()
	*f = InitialName(name, version)
	f.Errors = Errors{}
	f.Conflict = conflict(f.Errors, noun, mine, f.Fields())
}

// ids parses the ids of a repeated field; those that are not ids are returned apart.
func ids(vs []string) (ids []int64, bad []string) {
	for _, v := range vs {
		v = strings.TrimSpace(v)
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			bad = append(bad, v)
			continue
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids, bad
}
