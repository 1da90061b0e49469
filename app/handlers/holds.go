package handlers

import (
	"errors"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"locallibrary/app/request"
	"locallibrary/app/sessions"
	"locallibrary/models"
)

// holdRules are the library's hold limits, from the configuration.
func (h *Handlers) holdRules() models.HoldRules {
	c := h.Config.Circulation
	return models.HoldRules{Limit: c.HoldLimit, PickupDays: c.HoldPickupDays, RefuseOverdue: c.HoldRefuseOverdue}
}

// BookHold places the logged-in member's hold on a book: a copy available now is set aside for
// them at once, otherwise they join the book's queue.
func (h *Handlers) BookHold(c *fiber.Ctx) error {
	id, err := request.ID(c, "id")
	if err != nil {
		return err
	}
	book, err := models.GetBook(c.UserContext(), h.DB, id)
	if err != nil {
		return err
	}
	hold, err := models.PlaceHold(c.UserContext(), h.DB, book.ID, request.User(c).ID, h.holdRules(), time.Now())
	flash := sessions.From(c).AddFlash
	switch {
	case isHoldRefusal(err):
		flash(err.Error())
		return h.redirect(c, fiber.StatusSeeOther, "book-detail", book.ID)
	case err != nil:
		return err
	case hold.IsReady():
		flash("A copy of “" + book.Title + "” is set aside for you: pick it up by " + hold.PickupUntil.Display() + ".")
	default:
		flash("You are on the waiting list for “" + book.Title + "”.")
	}
	return h.redirect(c, fiber.StatusSeeOther, "my-holds")
}

// isHoldRefusal reports whether err is one of the rules a hold must pass.
func isHoldRefusal(err error) bool {
	for _, refusal := range []error{models.ErrHoldExists, models.ErrHoldLimit, models.ErrHoldOverdue,
		models.ErrHoldBorrowing, models.ErrHoldNoCopies} {
		if errors.Is(err, refusal) {
			return true
		}
	}
	return false
}

// MyHolds lists the logged-in member's active holds with their queue places.
func (h *Handlers) MyHolds(c *fiber.Ctx) error {
	holds, err := models.MemberHolds(c.UserContext(), h.DB, request.User(c).ID)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "catalog/hold_list_user", Data{"title": "My holds", "hold_list": holds})
}

// AllHolds lists every active hold, oldest first, for librarians.
func (h *Handlers) AllHolds(c *fiber.Ctx) error {
	holds, page, err := models.ListActiveHolds(c.UserContext(), h.DB, listParams(c))
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "catalog/hold_list_all", Data{"title": "All holds", "hold_list": holds, "page_obj": page})
}

// HoldCancel cancels a hold: the member's own, or any for librarians. A copy set aside for it
// passes to the next member waiting.
func (h *Handlers) HoldCancel(c *fiber.Ctx) error {
	id, err := request.ID(c, "id")
	if err != nil {
		return err
	}
	member := request.User(c).ID
	staff := request.Perms(c).CanMarkReturned()
	if staff {
		member = 0
	}
	hold, err := models.CancelHold(c.UserContext(), h.DB, id, member, h.holdRules().PickupDays, time.Now())
	if errors.Is(err, models.ErrHoldClosed) {
		sessions.From(c).AddFlash(err.Error())
	} else if err != nil {
		return err
	} else {
		sessions.From(c).AddFlash("Hold cancelled.")
	}
	if staff && hold.MemberID != request.User(c).ID {
		return h.redirect(c, fiber.StatusSeeOther, "all-holds")
	}
	return h.redirect(c, fiber.StatusSeeOther, "my-holds")
}

// bookHolds adds what a book's page shows of its holds: the member's own hold (with its queue
// place) or the form to place one, and for librarians the length of the queue.
func (h *Handlers) bookHolds(c *fiber.Ctx, data Data, bookID int64) error {
	u := request.User(c)
	if u == nil {
		return nil
	}
	ctx := c.UserContext()
	hold, err := models.MemberHold(ctx, h.DB, bookID, u.ID)
	if err != nil && !errors.Is(err, models.ErrNotFound) {
		return err
	}
	data["my_hold"] = hold
	if request.Perms(c).CanMarkReturned() {
		n, err := models.QueueLength(ctx, h.DB, bookID)
		if err != nil {
			return err
		}
		data["holds_waiting"] = n
	}
	return nil
}

// cancelHolds is the admin's action cancelling the holds ticked, each as a librarian's cancel:
// a copy set aside passes on. It lists them first, with those already closed, which it leaves
// as they are, and cancels once confirmed.
func (h *Handlers) cancelHolds(c *fiber.Ctx, m *ModelAdmin, objs []adminObject, confirmed bool) error {
	ids := parseIDs(keysOf(objs))
	if !confirmed {
		holds, err := models.ByIDs[models.Hold](c.UserContext(), h.DB, "catalog_hold", ids, "catalog_hold.id", "Book", "Member")
		if err != nil {
			return err
		}
		var active, closed []models.Hold
		for _, hold := range holds {
			if hold.IsActive() {
				active = append(active, hold)
			} else {
				closed = append(closed, hold)
			}
		}
		return h.adminRender(c, fiber.StatusOK, "admin/hold_cancel_confirmation", m, Data{
			"title": "Cancel holds", "objects": active, "closed": closed, "action": "cancel_holds", "list_query": listQuery(c)})
	}
	n := 0
	for _, id := range ids {
		_, err := models.CancelHold(c.UserContext(), h.DB, id, 0, h.holdRules().PickupDays, time.Now())
		if errors.Is(err, models.ErrHoldClosed) || errors.Is(err, models.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		n++
	}
	return h.backToList(c, m, strconv.Itoa(n)+" "+plural(n, m.Verbose, m.Plural)+" cancelled.")
}
