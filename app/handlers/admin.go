package handlers

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"locallibrary/app/forms"
	"locallibrary/app/request"
	"locallibrary/app/sessions"
	"locallibrary/models"
)

// ModelAdmin is one model of the admin site, as Django's ModelAdmin with its _meta: the names in
// its URLs, route names and permissions, how people call its objects, and what differs by model
// in the pages every model shares (the change list, the delete page, the history).
type ModelAdmin struct {
	App, Model      string
	Verbose, Plural string
	// columns are the change list's columns, which ?o= sorts by.
	columns []models.Column
	// list reads one page of the change list.
	list func(h *Handlers, c *fiber.Ctx, cl forms.ChangeList) (changeListPage, error)
	// load reads the objects keys name (URL ids or ticked rows), leaving out keys that name none.
	load func(h *Handlers, ctx context.Context, keys []string) ([]adminObject, error)
	// blockers lists why some of objs cannot be deleted (nil: nothing ever stops a delete).
	blockers func(h *Handlers, ctx context.Context, objs []adminObject) ([]blocker, error)
	// remove deletes one object, inside the transaction tx, with the model's own delete (nil:
	// the model's objects are not deleted through the admin).
	remove func(ctx context.Context, tx *gorm.DB, obj adminObject, ch models.Change) error
	// actions are the bulk actions besides "Delete selected".
	actions []adminAction
	// mayOpen, when set, says whether the user may open obj although they hold the model's
	// permission (a librarian, a member's account but not a staff one).
	mayOpen func(h *Handlers, c *fiber.Ctx, obj adminObject) (bool, error)
	// listOnly models have a change list and its actions but no add, change or history pages
	// (holds: members place them, the circulation desk moves them on).
	listOnly bool
}

// ContentType names the model in the change log ("catalog.book").
func (m *ModelAdmin) ContentType() string { return m.App + "." + m.Model }

// Route is the name of one of the model's admin pages: Route("changelist") is
// "admin:catalog_book_changelist".
func (m *ModelAdmin) Route(view string) string { return "admin:" + m.App + "_" + m.Model + "_" + view }

// Title is the model's plural name as a heading: "Books".
func (m *ModelAdmin) Title() string { return strings.ToUpper(m.Plural[:1]) + m.Plural[1:] }

// Deletes reports whether the admin deletes the model's objects.
func (m *ModelAdmin) Deletes() bool { return m.remove != nil }

// Count says how many objects n is: "1 book", "12 books".
func (m *ModelAdmin) Count(n int64) string {
	if n == 1 {
		return "1 " + m.Verbose
	}
	return strconv.FormatInt(n, 10) + " " + m.Plural
}

// adminObject is one object as the shared admin pages see it: its key in URLs and forms, and how
// it reads.
type adminObject struct {
	Key, Repr string
}

// blocker is why an object cannot be deleted: what still refers to it ("2 books"), linked to
// the list of those when Route is set (with Query, the list's filter).
type blocker struct {
	Object       adminObject
	Reason       string
	Route, Query string
}

// AdminModelNamed returns the admin's description of model ("book"), as admin templates get it
// in opts, or nil when the admin has no such model.
func AdminModelNamed(model string) *ModelAdmin { return adminModels[model] }

type adminModelKey struct{}

// AdminModel is the middleware that tells the shared admin views which model a route is for.
func (h *Handlers) AdminModel(model string) fiber.Handler {
	m, ok := adminModels[model]
	if !ok {
		panic(fmt.Sprintf("handlers: no admin for model %q", model))
	}
	return func(c *fiber.Ctx) error {
		c.Locals(adminModelKey{}, m)
		return c.Next()
	}
}

func adminModelOf(c *fiber.Ctx) *ModelAdmin {
	m, ok := c.Locals(adminModelKey{}).(*ModelAdmin)
	if !ok {
		panic("handlers: the AdminModel middleware did not run")
	}
	return m
}

// adminRender renders an admin page with the model's names (opts, as Django's templates call
// them).
func (h *Handlers) adminRender(c *fiber.Ctx, status int, name string, m *ModelAdmin, data Data) error {
	data["opts"] = m
	return h.render(c, status, name, data)
}

// adminEntry is one model on the dashboard.
type adminEntry struct {
	Opts   *ModelAdmin
	Count  int64
	CanAdd bool
}

// adminAppEntry is one app on the dashboard, with the models the user may view.
type adminAppEntry struct {
	Label  string
	Models []adminEntry
}

// recentAction is an entry of the change log on the dashboard, with the route of its object's
// page ("" for a deletion).
type recentAction struct {
	Entry models.LogEntry
	Route string
}

// AdminIndex is the admin's dashboard: every model the user may view, with its count and an
// "Add" link when they may add, and the recent actions of the change log.
func (h *Handlers) AdminIndex(c *fiber.Ctx) error {
	ctx := c.UserContext()
	perms := request.Perms(c)
	var viewed []string
	for _, app := range adminApps {
		for _, name := range app.models {
			if perms.Has(models.ModelPerm("view", name)) {
				viewed = append(viewed, name)
			}
		}
	}
	counts, err := models.CountModels(ctx, h.DB, viewed)
	if err != nil {
		return err
	}
	var apps []adminAppEntry
	for _, app := range adminApps {
		entry := adminAppEntry{Label: app.label}
		for _, name := range app.models {
			if !perms.Has(models.ModelPerm("view", name)) {
				continue
			}
			m := adminModels[name]
			entry.Models = append(entry.Models, adminEntry{m, counts[name], !m.listOnly && perms.Has(models.ModelPerm("add", name))})
		}
		if len(entry.Models) > 0 {
			apps = append(apps, entry)
		}
	}
	// Like the lists, the recent actions show only the models the user may view.
	contentTypes := make([]string, len(viewed))
	for i, name := range viewed {
		contentTypes[i] = adminModels[name].App + "." + name
	}
	entries, err := models.ListChanges(ctx, h.DB, contentTypes, 10)
	if err != nil {
		return err
	}
	recent := make([]recentAction, len(entries))
	for i, e := range entries {
		recent[i].Entry = e
		app, model, _ := strings.Cut(e.ContentType, ".")
		if m, ok := adminModels[model]; ok && m.App == app && !e.IsDeletion() && !m.listOnly {
			recent[i].Route = m.Route("change")
		}
	}
	return h.render(c, fiber.StatusOK, "admin/index", Data{"title": "Site administration", "app_list": apps, "recent_actions": recent})
}

// adminSaved queues Django's message for an object added or changed and goes where the submit
// button asked: on editing it ("Save and continue editing"), to a new form ("Save and add
// another") or back to the list.
func (h *Handlers) adminSaved(c *fiber.Ctx, m *ModelAdmin, obj adminObject, added bool) error {
	verb := "changed"
	if added {
		verb = "added"
	}
	msg := "The " + m.Verbose + " “" + obj.Repr + "” was " + verb + " successfully."
	s := sessions.From(c)
	switch forms.NewAfterSave(c) {
	case forms.ToObject:
		s.AddFlash(msg + " You may edit it again below.")
		return h.redirect(c, fiber.StatusSeeOther, m.Route("change"), obj.Key)
	case forms.ToAddAnother:
		s.AddFlash(msg + " You may add another " + m.Verbose + " below.")
		return h.redirect(c, fiber.StatusSeeOther, m.Route("add"))
	}
	s.AddFlash(msg)
	return h.redirect(c, fiber.StatusSeeOther, m.Route("changelist"))
}

// adminAdding reports whether the request is for the model's add page (no :id in its route).
func adminAdding(c *fiber.Ctx) bool { return c.Params("id") == "" }

// key writes an integer id as the admin's URLs and forms carry it.
func key(id int64) string { return strconv.FormatInt(id, 10) }
