package handlers

import (
	"context"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"
	"gorm.io/gorm"

	"locallibrary/app/forms"
	"locallibrary/app/request"
	"locallibrary/models"
)

// adminApps lists the dashboard's apps and their models, as Django orders them.
var adminApps = []struct {
	label  string
	models []string
}{
	{"Catalog", []string{"author", "book", "bookinstance", "genre", "hold", "language"}},
	{"Authentication and Authorization", []string{"group", "user"}},
}

// adminModels are the models of the admin site, by model name.
var adminModels = map[string]*ModelAdmin{
	"author": {App: "catalog", Model: "author", Verbose: "author", Plural: "authors", columns: models.AuthorColumns,
		list: (*Handlers).authorChangeList, load: loadIDs("catalog_author", func(a models.Author) (int64, string) { return a.ID, a.String() }),
		blockers: countBlockers("catalog_book", "author_id", "book", "books", forms.BooksByAuthorQuery),
		remove:   removeID(models.DeleteAuthor)},
	"book": {App: "catalog", Model: "book", Verbose: "book", Plural: "books", columns: models.BookColumns,
		list: (*Handlers).bookChangeList, load: loadIDs("catalog_book", func(b models.Book) (int64, string) { return b.ID, b.Title }),
		blockers: countBlockers("catalog_bookinstance", "book_id", "copy", "copies", forms.CopiesOfBookQuery),
		remove:   removeID(models.DeleteBook)},
	"bookinstance": {App: "catalog", Model: "bookinstance", Verbose: "copy", Plural: "copies", columns: models.BookInstanceColumns,
		list: (*Handlers).copyChangeList, load: loadCopies, blockers: copiesOnLoan, remove: removeCopy,
		actions: []adminAction{
			{Name: "mark_available", Label: "Mark selected copies as Available", perm: "change", run: markCopies(models.StatusAvailable)},
			{Name: "mark_maintenance", Label: "Mark selected copies as Maintenance", perm: "change", run: markCopies(models.StatusMaintenance)},
		}},
	"genre": {App: "catalog", Model: "genre", Verbose: "genre", Plural: "genres", columns: models.NameColumns,
		list: (*Handlers).genreChangeList, load: loadIDs("catalog_genre", func(g models.Genre) (int64, string) { return g.ID, g.Name }),
		blockers: countBlockers("catalog_book_genre", "genre_id", "book", "books", forms.BooksByGenreQuery),
		remove:   removeID(models.DeleteGenre)},
	"hold": {App: "catalog", Model: "hold", Verbose: "hold", Plural: "holds", columns: models.HoldColumns, listOnly: true,
		list: (*Handlers).holdChangeList, load: loadIDs("catalog_hold", func(h models.Hold) (int64, string) { return h.ID, "hold " + key(h.ID) }),
		actions: []adminAction{{Name: "cancel_holds", Label: "Cancel selected holds", perm: "change", run: (*Handlers).cancelHolds}}},
	"language": {App: "catalog", Model: "language", Verbose: "language", Plural: "languages", columns: models.NameColumns,
		list: (*Handlers).languageChangeList, load: loadIDs("catalog_language", func(l models.Language) (int64, string) { return l.ID, l.Name }),
		blockers: countBlockers("catalog_book", "language_id", "book", "books", forms.BooksByLanguageQuery),
		remove:   removeID(models.DeleteLanguage)},
	"user": {App: "auth", Model: "user", Verbose: "user", Plural: "users", columns: models.UserColumns,
		list: (*Handlers).userChangeList, load: loadIDs("auth_user", func(u models.User) (int64, string) { return u.ID, u.Username }),
		mayOpen: (*Handlers).mayOpenUser},
	"group": {App: "auth", Model: "group", Verbose: "group", Plural: "groups", columns: models.GroupColumns,
		list: (*Handlers).groupChangeList, load: loadIDs("auth_group", func(g models.Group) (int64, string) { return g.ID, g.Name }),
		remove: removeID(models.DeleteGroup)},
}

// loadIDs is the load of a model with integer ids (read with ident: its id and how it reads):
// the keys that are ids, read in one query.
func loadIDs[T any](table string, ident func(T) (int64, string)) func(*Handlers, context.Context, []string) ([]adminObject, error) {
	return func(h *Handlers, ctx context.Context, keys []string) ([]adminObject, error) {
		ids := parseIDs(keys)
		if len(ids) == 0 {
			return nil, nil
		}
		rows, err := models.ByIDs[T](ctx, h.DB, table, ids, table+".id")
		if err != nil {
			return nil, err
		}
		objs := make([]adminObject, len(rows))
		for i, r := range rows {
			id, repr := ident(r)
			objs[i] = adminObject{Key: key(id), Repr: repr}
		}
		return objs, nil
	}
}

// keysOf lists the keys of objs.
func keysOf(objs []adminObject) []string {
	keys := make([]string, len(objs))
	for i, o := range objs {
		keys[i] = o.Key
	}
	return keys
}

// parseIDs keeps the keys that are positive integers, each once.
func parseIDs(keys []string) []int64 {
	var ids []int64
	seen := map[int64]bool{}
	for _, k := range keys {
		if k == "" || strings.TrimLeft(k, "0123456789") != "" {
			continue
		}
		if id, err := strconv.ParseInt(k, 10, 64); err == nil && id > 0 && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids
}

// parseUUIDs keeps the keys that are canonical UUIDs, each once.
func parseUUIDs(keys []string) []uuid.UUID {
	var ids []uuid.UUID
	seen := map[uuid.UUID]bool{}
	for _, k := range keys {
		if id, err := uuid.Parse(k); err == nil && len(k) == 36 && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids
}

func loadCopies(h *Handlers, ctx context.Context, keys []string) ([]adminObject, error) {
	ids := parseUUIDs(keys)
	if len(ids) == 0 {
		return nil, nil
	}
	copies, err := models.CopiesWithIDs(ctx, h.DB, ids)
	if err != nil {
		return nil, err
	}
	objs := make([]adminObject, len(copies))
	for i, bi := range copies {
		objs[i] = adminObject{Key: bi.ID.String(), Repr: bi.String()}
	}
	return objs, nil
}

// countBlockers is the blockers of a model whose rows other rows refer to (table.column): each
// object referred to, with the number of those ("2 books") linked to their list (query).
func countBlockers(table, column, one, many string, query func(int64) string) func(*Handlers, context.Context, []adminObject) ([]blocker, error) {
	return func(h *Handlers, ctx context.Context, objs []adminObject) ([]blocker, error) {
		ids := make([]int64, 0, len(objs))
		for _, o := range objs {
			ids = append(ids, parseIDs([]string{o.Key})...)
		}
		counts, err := models.CountsBy(ctx, h.DB, table, column, ids)
		if err != nil {
			return nil, err
		}
		route := "admin:catalog_" + one + "_changelist"
		if one == "copy" {
			route = "admin:catalog_bookinstance_changelist"
		}
		var out []blocker
		for i, o := range objs {
			if n := counts[ids[i]]; n > 0 {
				noun := many
				if n == 1 {
					noun = one
				}
				out = append(out, blocker{Object: o, Reason: strconv.FormatInt(n, 10) + " " + noun, Route: route, Query: query(ids[i])})
			}
		}
		return out, nil
	}
}

// copiesOnLoan is the blockers of copies: those on loan.
func copiesOnLoan(h *Handlers, ctx context.Context, objs []adminObject) ([]blocker, error) {
	copies, err := models.CopiesWithIDs(ctx, h.DB, parseUUIDs(keysOf(objs)))
	if err != nil {
		return nil, err
	}
	var out []blocker
	for _, bi := range copies {
		if bi.IsOnLoan() {
			reason := "on loan"
			if bi.Borrower != nil {
				reason += " to " + bi.Borrower.Username
			}
			out = append(out, blocker{Object: adminObject{Key: bi.ID.String(), Repr: bi.String()}, Reason: reason + ": check it in first"})
		}
	}
	return out, nil
}

// removeID is the remove of a model with integer ids, through its own delete function.
func removeID[T any](del func(context.Context, *gorm.DB, int64, models.Change) (T, error)) func(context.Context, *gorm.DB, adminObject, models.Change) error {
	return func(ctx context.Context, tx *gorm.DB, obj adminObject, ch models.Change) error {
		ids := parseIDs([]string{obj.Key})
		if len(ids) != 1 {
			return models.ErrNotFound
		}
		_, err := del(ctx, tx, ids[0], ch)
		return err
	}
}

func removeCopy(ctx context.Context, tx *gorm.DB, obj adminObject, ch models.Change) error {
	ids := parseUUIDs([]string{obj.Key})
	if len(ids) != 1 {
		return models.ErrNotFound
	}
	_, err := models.DeleteBookInstance(ctx, tx, ids[0], ch)
	return err
}

// mayOpenUser applies models.CanManageUser to the account obj.
func (h *Handlers) mayOpenUser(c *fiber.Ctx, obj adminObject) (bool, error) {
	ctx := c.UserContext()
	ids := parseIDs([]string{obj.Key})
	if len(ids) != 1 {
		return false, models.ErrNotFound
	}
	target, err := models.GetUser(ctx, h.DB, ids[0])
	if err != nil {
		return false, err
	}
	held, err := models.UsersWithPermissions(ctx, h.DB, ids)
	if err != nil {
		return false, err
	}
	return models.CanManageUser(*request.User(c), request.Perms(c), target, held[target.ID]), nil
}
