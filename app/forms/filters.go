package forms

import (
	"strconv"
	"time"

	"locallibrary/models"
)

// The filter parameters of the admin's lists, named as Django's list_filter names them.
const (
	authorParam    = "author__id__exact"
	genreParam     = "genre__id__exact"
	languageParam  = "language__id__exact"
	bookParam      = "book__id__exact"
	statusParam    = "status__exact"
	dueFromParam   = "due_back__gte"
	dueBeforeParam = "due_back__lt"
	dueNullParam   = "due_back__isnull"
	deathNullParam = "date_of_death__isnull"
	staffParam     = "is_staff__exact"
	superuserParam = "is_superuser__exact"
	activeParam    = "is_active__exact"
	groupParam     = "groups__id__exact"
)

// BookFilter is the search and filters of the book list, for the list and its CSV export.
func (f ChangeList) BookFilter() (models.BookFilter, error) {
	bf := models.BookFilter{Q: f.Q}
	var errs [3]error
	bf.AuthorID, errs[0] = f.id(authorParam)
	bf.GenreID, errs[1] = f.id(genreParam)
	bf.LanguageID, errs[2] = f.id(languageParam)
	return bf, firstError(errs[:])
}

// BookFilters are the book list's side bar: by genre and by language.
func (f ChangeList) BookFilters(genres, languages []models.Option) []Filter {
	return []Filter{
		f.filter("By genre", []string{genreParam}, optionChoices(genres)),
		f.filter("By language", []string{languageParam}, optionChoices(languages)),
	}
}

// BookInstanceFilter is the search and filters of the copy list, for the list and its CSV
// export.
func (f ChangeList) BookInstanceFilter() (models.BookInstanceFilter, error) {
	bf := models.BookInstanceFilter{Q: f.Q, Status: f.query.Get(statusParam)}
	var errs [5]error
	if bf.Status != "" && models.StatusName(bf.Status) == "" {
		errs[0] = ErrBadFilter
	}
	bf.BookID, errs[1] = f.id(bookParam)
	bf.DueFrom, errs[2] = f.day(dueFromParam)
	bf.DueBefore, errs[3] = f.day(dueBeforeParam)
	var isNull *bool
	if isNull, errs[4] = f.flag(dueNullParam); isNull != nil {
		hasDue := !*isNull
		bf.HasDue = &hasDue
	}
	return bf, firstError(errs[:])
}

// BookInstanceFilters are the copy list's side bar: by status, and by due date as Django's date
// filter offers it (with "Overdue" besides), counted from today.
func (f ChangeList) BookInstanceFilters(today models.Date) []Filter {
	statuses := make([]choice, len(models.LoanStatuses))
	for i, s := range models.LoanStatuses {
		statuses[i] = choice{s.Name, []string{s.Code}}
	}
	tomorrow := today.AddDays(1).String()
	month := models.NewDate(time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC))
	year := models.NewDate(time.Date(today.Year(), 1, 1, 0, 0, 0, 0, time.UTC))
	dates := []choice{
		{"Today", []string{today.String(), tomorrow, ""}},
		{"Past 7 days", []string{today.AddDays(-7).String(), tomorrow, ""}},
		{"This month", []string{month.String(), models.NewDate(month.AddDate(0, 1, 0)).String(), ""}},
		{"This year", []string{year.String(), models.NewDate(year.AddDate(1, 0, 0)).String(), ""}},
		{"Overdue", []string{"", today.String(), ""}},
		{"No date", []string{"", "", "True"}},
		{"Has date", []string{"", "", "False"}},
	}
	return []Filter{
		f.filter("By status", []string{statusParam}, statuses),
		f.filter("By due back", []string{dueFromParam, dueBeforeParam, dueNullParam}, dates),
	}
}

// AuthorFilter is the search and filter of the author list.
func (f ChangeList) AuthorFilter() (models.AuthorFilter, error) {
	isNull, err := f.flag(deathNullParam)
	af := models.AuthorFilter{Q: f.Q}
	if isNull != nil {
		died := !*isNull
		af.Died = &died
	}
	return af, err
}

// AuthorFilters are the author list's side bar: whether they have died.
func (f ChangeList) AuthorFilters() []Filter {
	return []Filter{f.filter("By died", []string{deathNullParam}, []choice{{"Yes", []string{"False"}}, {"No", []string{"True"}}})}
}

// NameFilter is the search of the genre, language and group lists.
func (f ChangeList) NameFilter() models.NameFilter { return models.NameFilter{Q: f.Q} }

// UserFilter is the search and filters of the user list.
func (f ChangeList) UserFilter() (models.UserFilter, error) {
	uf := models.UserFilter{Q: f.Q}
	var errs [4]error
	uf.Staff, errs[0] = f.flag(staffParam)
	uf.Superuser, errs[1] = f.flag(superuserParam)
	uf.Active, errs[2] = f.flag(activeParam)
	uf.GroupID, errs[3] = f.id(groupParam)
	return uf, firstError(errs[:])
}

// UserFilters are the user list's side bar: by staff status, superuser status, active, group.
func (f ChangeList) UserFilters(groups []models.Option) []Filter {
	yesNo := []choice{{"Yes", []string{"1"}}, {"No", []string{"0"}}}
	return []Filter{
		f.filter("By staff status", []string{staffParam}, yesNo),
		f.filter("By superuser status", []string{superuserParam}, yesNo),
		f.filter("By active", []string{activeParam}, yesNo),
		f.filter("By group", []string{groupParam}, optionChoices(groups)),
	}
}

func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// BooksByAuthorQuery is the query string of the book list filtered to one author's books.
func BooksByAuthorQuery(id int64) string { return "?" + authorParam + "=" + strconv.FormatInt(id, 10) }

// BooksByGenreQuery is the query string of the book list filtered to one genre.
func BooksByGenreQuery(id int64) string { return "?" + genreParam + "=" + strconv.FormatInt(id, 10) }

// BooksByLanguageQuery is the query string of the book list filtered to one language.
func BooksByLanguageQuery(id int64) string {
	return "?" + languageParam + "=" + strconv.FormatInt(id, 10)
}

// CopiesOfBookQuery is the query string of the copy list filtered to one book's copies.
func CopiesOfBookQuery(id int64) string { return "?" + bookParam + "=" + strconv.FormatInt(id, 10) }

// HoldFilter is the search and filter of the hold list.
func (f ChangeList) HoldFilter() (models.HoldFilter, error) {
	hf := models.HoldFilter{Q: f.Q, Status: f.query.Get(statusParam)}
	if hf.Status != "" && models.HoldStatusName(hf.Status) == "" {
		return hf, ErrBadFilter
	}
	return hf, nil
}

// HoldFilters are the hold list's side bar: by status (waiting, ready, expired and the rest).
func (f ChangeList) HoldFilters() []Filter {
	statuses := make([]choice, len(models.HoldStatuses))
	for i, s := range models.HoldStatuses {
		statuses[i] = choice{s.Name, []string{s.Code}}
	}
	return []Filter{f.filter("By status", []string{statusParam}, statuses)}
}
