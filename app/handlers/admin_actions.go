package handlers

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"locallibrary/app/forms"
	"locallibrary/app/request"
	"locallibrary/app/sessions"
	"locallibrary/models"
)

// adminAction is a bulk action of a change list (Django's admin actions): its name in the form,
// its label, the permission on the model it needs, and what it does with the objects ticked
// (asking for confirmation first, unless confirmed).
type adminAction struct {
	Name, Label string
	perm        string
	run         func(h *Handlers, c *fiber.Ctx, m *ModelAdmin, objs []adminObject, confirmed bool) error
}

// deleteSelectedName is the name of Django's "Delete selected" action, which every model that
// the admin deletes has.
const deleteSelectedName = "delete_selected"

// allowedActions lists the actions of m the user may run.
func (h *Handlers) allowedActions(c *fiber.Ctx, m *ModelAdmin) []adminAction {
	perms := request.Perms(c)
	var out []adminAction
	if m.remove != nil && perms.Has(models.ModelPerm("delete", m.Model)) {
		out = append(out, adminAction{Name: deleteSelectedName, Label: "Delete selected " + m.Plural, perm: "delete",
			run: (*Handlers).deleteSelected})
	}
	for _, a := range m.actions {
		if perms.Has(models.ModelPerm(a.perm, m.Model)) {
			out = append(out, a)
		}
	}
	return out
}

// AdminAction runs the bulk action chosen on a change list on the rows ticked, after its
// confirmation page. A submission without an action or rows goes back to the list with
// Django's message.
func (h *Handlers) AdminAction(c *fiber.Ctx) error {
	m := adminModelOf(c)
	f := forms.NewAction(c)
	actions := h.allowedActions(c, m)
	names := make([]string, len(actions))
	for i, a := range actions {
		names[i] = a.Name
	}
	if !f.Validate(names) {
		return h.backToList(c, m, f.Errors.Messages()[0])
	}
	objs, err := m.load(h, c.UserContext(), f.Selected)
	if err != nil {
		return err
	}
	if len(objs) == 0 {
		return h.backToList(c, m, forms.NoItemsSelected)
	}
	for _, a := range actions {
		if a.Name == f.Name {
			return a.run(h, c, m, objs, f.Confirmed)
		}
	}
	return fiber.ErrBadRequest
}

// backToList queues msg and goes back to the change list the action was posted from, with its
// search, filters and ordering.
func (h *Handlers) backToList(c *fiber.Ctx, m *ModelAdmin, msg string) error {
	sessions.From(c).AddFlash(msg)
	to, err := h.URLs.Reverse(m.Route("changelist"))
	if err != nil {
		return err
	}
	return c.Redirect(to+listQuery(c), fiber.StatusSeeOther)
}

// listQuery is the query string of the change list an action form was posted from ("" or
// "?q=..."), which the confirmation page posts to again.
func listQuery(c *fiber.Ctx) string {
	if q := c.Context().URI().QueryString(); len(q) > 0 {
		return "?" + string(q)
	}
	return ""
}

// deleteSelected asks to confirm deleting objs, listing those that cannot be (and then deleting
// nothing); confirmed, it deletes them all in one transaction with the model's own delete.
func (h *Handlers) deleteSelected(c *fiber.Ctx, m *ModelAdmin, objs []adminObject, confirmed bool) error {
	ctx := c.UserContext()
	blockers, err := h.blockersOf(c, m, objs)
	if err != nil {
		return err
	}
	status := fiber.StatusOK
	if confirmed && len(blockers) == 0 {
		deleted := 0
		err := models.Atomically(ctx, h.DB, func(tx *gorm.DB) error {
			for _, o := range objs {
				switch err := m.remove(ctx, tx, o, change(c)); {
				case errors.Is(err, models.ErrNotFound):
				case err != nil:
					return err
				default:
					deleted++
				}
			}
			return nil
		})
		if err == nil {
			return h.backToList(c, m, "Successfully deleted "+strconv.Itoa(deleted)+" "+plural(deleted, m.Verbose, m.Plural)+".")
		}
		if !errors.Is(err, models.ErrProtected) {
			return err
		}
		// Something came to refer to one of them meanwhile: the foreign keys refused it all.
		if blockers, err = h.blockersOf(c, m, objs); err != nil {
			return err
		}
		status = fiber.StatusConflict
	}
	return h.adminRender(c, status, "admin/delete_selected_confirmation", m, Data{
		"title": "Delete multiple " + m.Plural, "objects": objs, "blockers": blockers, "action": deleteSelectedName,
		"list_query": listQuery(c)})
}

func (h *Handlers) blockersOf(c *fiber.Ctx, m *ModelAdmin, objs []adminObject) ([]blocker, error) {
	if m.blockers == nil {
		return nil, nil
	}
	return m.blockers(h, c.UserContext(), objs)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// markCopies is the action giving the copies ticked a status: it lists them, and those on loan
// that it leaves as they are, and once confirmed changes the others in one transaction.
func markCopies(status string) func(*Handlers, *fiber.Ctx, *ModelAdmin, []adminObject, bool) error {
	return func(h *Handlers, c *fiber.Ctx, m *ModelAdmin, objs []adminObject, confirmed bool) error {
		ctx := c.UserContext()
		ids := parseUUIDs(keysOf(objs))
		name := models.StatusName(status)
		if confirmed {
			changed, err := models.SetCopiesStatus(ctx, h.DB, ids, status, change(c))
			if err != nil {
				return err
			}
			books := make([]int64, len(changed))
			for i, bi := range changed {
				books[i] = bi.BookID
			}
			if err := h.serveQueues(c, books...); err != nil {
				return err
			}
			return h.backToList(c, m, strconv.Itoa(len(changed))+" "+plural(len(changed), m.Verbose, m.Plural)+" marked as "+name+".")
		}
		copies, err := models.CopiesWithIDs(ctx, h.DB, ids)
		if err != nil {
			return err
		}
		var change, onLoan []models.BookInstance
		for _, bi := range copies {
			if bi.IsOnLoan() {
				onLoan = append(onLoan, bi)
			} else {
				change = append(change, bi)
			}
		}
		action := "mark_available"
		if status == models.StatusMaintenance {
			action = "mark_maintenance"
		}
		return h.adminRender(c, fiber.StatusOK, "admin/action_confirmation", m, Data{
			"title": "Mark copies as " + name, "status_name": name, "objects": change, "on_loan": onLoan, "action": action,
			"list_query": listQuery(c)})
	}
}
