package handlers

import (
	"github.com/gofiber/fiber/v2"

	"locallibrary/app/forms"
	"locallibrary/app/request"
	"locallibrary/models"
)

// changeListPage is one page of a change list as a model's list function reads it.
type changeListPage struct {
	Rows    []adminRow
	Page    models.Page
	Filters []forms.Filter
	// Export names the route of the list's CSV download ("" when it has none); Import, of its
	// CSV upload page, when the user may import.
	Export, Import string
}

// adminRow is one row of a change list: its key (for its links and check box) and its cells,
// the first linked to the object's page when Link.
type adminRow struct {
	Key   string
	Cells []adminCell
	Link  bool
}

// adminCell is one cell of a change list, with a CSS class (a copy's status colour).
type adminCell struct {
	Text, Class string
}

// cells turns texts into plain cells.
func cells(texts ...string) []adminCell {
	out := make([]adminCell, len(texts))
	for i, t := range texts {
		out[i] = adminCell{Text: t}
	}
	return out
}

// yesNo shows a flag in a change list.
func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

// dateCell shows an optional date in a change list ("-" when empty, as Django's
// empty_value_display).
func dateCell(d *models.Date) string {
	if d == nil {
		return "-"
	}
	return d.Display()
}

// AdminChangeList shows a page of a model's objects with the search, filters, sorting and bulk
// actions of the query string (Django's changelist_view). A malformed filter value is 400.
func (h *Handlers) AdminChangeList(c *fiber.Ctx) error {
	m := adminModelOf(c)
	cl := forms.NewChangeList(c, m.columns)
	page, err := m.list(h, c, cl)
	if err != nil {
		return badFilter(err)
	}
	perms := request.Perms(c)
	verb := "view"
	if perms.Has(models.ModelPerm("change", m.Model)) {
		verb = "change"
	}
	return h.adminRender(c, fiber.StatusOK, "admin/change_list", m, Data{
		"title": "Select " + m.Verbose + " to " + verb, "cl": cl, "headers": cl.Headers(), "result": page,
		"actions": h.allowedActions(c, m), "can_add": !m.listOnly && perms.Has(models.ModelPerm("add", m.Model))})
}

// canChange reports whether the user may change the model's objects, so that its list links
// them.
func canChange(c *fiber.Ctx, model string) bool {
	return request.Perms(c).Has(models.ModelPerm("change", model))
}

func (h *Handlers) bookChangeList(c *fiber.Ctx, cl forms.ChangeList) (changeListPage, error) {
	ctx := c.UserContext()
	f, err := cl.BookFilter()
	if err != nil {
		return changeListPage{}, err
	}
	books, page, err := models.BookChangeList(ctx, h.DB, f, cl.Sort, cl.Params())
	if err != nil {
		return changeListPage{}, err
	}
	genres, err := models.GenreOptions(ctx, h.DB)
	if err != nil {
		return changeListPage{}, err
	}
	languages, err := models.LanguageChoices(ctx, h.DB)
	if err != nil {
		return changeListPage{}, err
	}
	out := changeListPage{Page: page, Filters: cl.BookFilters(genres, languages.Options), Export: "admin:catalog_book_export"}
	link := canChange(c, "book")
	if link && request.Perms(c).Has(models.ModelPerm("add", "book")) {
		out.Import = "admin:catalog_book_import"
	}
	for _, r := range books {
		b, language := r.Row, ""
		if b.Language != nil {
			language = b.Language.Name
		}
		out.Rows = append(out.Rows, adminRow{Key: key(b.ID), Link: link,
			Cells: cells(b.Title, b.Author.String(), language, b.ISBN, key(r.N))})
	}
	return out, nil
}

func (h *Handlers) copyChangeList(c *fiber.Ctx, cl forms.ChangeList) (changeListPage, error) {
	f, err := cl.BookInstanceFilter()
	if err != nil {
		return changeListPage{}, err
	}
	copies, page, err := models.BookInstanceChangeList(c.UserContext(), h.DB, f, cl.Sort, cl.Params())
	if err != nil {
		return changeListPage{}, err
	}
	out := changeListPage{Page: page, Filters: cl.BookInstanceFilters(models.Today()), Export: "admin:catalog_bookinstance_export"}
	link := canChange(c, "bookinstance")
	for _, bi := range copies {
		borrower := "-"
		if bi.Borrower != nil {
			borrower = bi.Borrower.Username
		}
		row := adminRow{Key: bi.ID.String(), Link: link, Cells: cells(bi.Book.Title, bi.StatusDisplay(), dateCell(bi.DueBack), borrower, bi.ID.String())}
		row.Cells[1].Class = bi.StatusClass()
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}

func (h *Handlers) authorChangeList(c *fiber.Ctx, cl forms.ChangeList) (changeListPage, error) {
	f, err := cl.AuthorFilter()
	if err != nil {
		return changeListPage{}, err
	}
	authors, page, err := models.AuthorChangeList(c.UserContext(), h.DB, f, cl.Sort, cl.Params())
	if err != nil {
		return changeListPage{}, err
	}
	out := changeListPage{Page: page, Filters: cl.AuthorFilters()}
	link := canChange(c, "author")
	for _, a := range authors {
		out.Rows = append(out.Rows, adminRow{Key: key(a.ID), Link: link, Cells: cells(a.String(), dateCell(a.DateOfBirth), dateCell(a.DateOfDeath))})
	}
	return out, nil
}

func (h *Handlers) genreChangeList(c *fiber.Ctx, cl forms.ChangeList) (changeListPage, error) {
	genres, page, err := models.GenreChangeList(c.UserContext(), h.DB, cl.NameFilter(), cl.Sort, cl.Params())
	if err != nil {
		return changeListPage{}, err
	}
	out := changeListPage{Page: page}
	link := canChange(c, "genre")
	for _, r := range genres {
		out.Rows = append(out.Rows, adminRow{Key: key(r.Row.ID), Link: link, Cells: cells(r.Row.Name, key(r.N))})
	}
	return out, nil
}

func (h *Handlers) languageChangeList(c *fiber.Ctx, cl forms.ChangeList) (changeListPage, error) {
	languages, page, err := models.LanguageChangeList(c.UserContext(), h.DB, cl.NameFilter(), cl.Sort, cl.Params())
	if err != nil {
		return changeListPage{}, err
	}
	out := changeListPage{Page: page}
	link := canChange(c, "language")
	for _, r := range languages {
		out.Rows = append(out.Rows, adminRow{Key: key(r.Row.ID), Link: link, Cells: cells(r.Row.Name, key(r.N))})
	}
	return out, nil
}

func (h *Handlers) userChangeList(c *fiber.Ctx, cl forms.ChangeList) (changeListPage, error) {
	ctx := c.UserContext()
	f, err := cl.UserFilter()
	if err != nil {
		return changeListPage{}, err
	}
	users, page, err := models.UserChangeList(ctx, h.DB, f, cl.Sort, cl.Params())
	if err != nil {
		return changeListPage{}, err
	}
	ids := make([]int64, len(users))
	for i, u := range users {
		ids[i] = u.ID
	}
	held, err := models.UsersWithPermissions(ctx, h.DB, ids)
	if err != nil {
		return changeListPage{}, err
	}
	groups, err := models.GroupOptions(ctx, h.DB)
	if err != nil {
		return changeListPage{}, err
	}
	out := changeListPage{Page: page, Filters: cl.UserFilters(groups)}
	actor, perms := *request.User(c), request.Perms(c)
	for _, u := range users {
		out.Rows = append(out.Rows, adminRow{Key: key(u.ID), Link: models.CanManageUser(actor, perms, u, held[u.ID]),
			Cells: cells(u.Username, u.Email, u.FirstName, u.LastName, yesNo(u.IsStaff), yesNo(u.IsActive))})
	}
	return out, nil
}

func (h *Handlers) groupChangeList(c *fiber.Ctx, cl forms.ChangeList) (changeListPage, error) {
	groups, page, err := models.GroupChangeList(c.UserContext(), h.DB, cl.NameFilter(), cl.Sort, cl.Params())
	if err != nil {
		return changeListPage{}, err
	}
	out := changeListPage{Page: page}
	link := canChange(c, "group")
	for _, r := range groups {
		out.Rows = append(out.Rows, adminRow{Key: key(r.Row.ID), Link: link, Cells: cells(r.Row.Name, key(r.N))})
	}
	return out, nil
}

func (h *Handlers) holdChangeList(c *fiber.Ctx, cl forms.ChangeList) (changeListPage, error) {
	f, err := cl.HoldFilter()
	if err != nil {
		return changeListPage{}, err
	}
	holds, page, err := models.HoldChangeList(c.UserContext(), h.DB, f, cl.Sort, cl.Params())
	if err != nil {
		return changeListPage{}, err
	}
	out := changeListPage{Page: page, Filters: cl.HoldFilters()}
	for _, hold := range holds {
		out.Rows = append(out.Rows, adminRow{Key: key(hold.ID),
			Cells: cells(hold.Book.Title, hold.Member.Username, hold.StatusName(), hold.PlacedAt.UTC().Format("2006-01-02 15:04"), dateCell(hold.PickupUntil))})
	}
	return out, nil
}
