package handlers

import (
	"errors"
	"github.com/gofiber/fiber/v2"

	"locallibrary/app/forms"
	"locallibrary/app/request"
	"locallibrary/models"
)

// BookInstanceList shows every copy, ten a page, by due date.
func (h *Handlers) BookInstanceList(c *fiber.Ctx) error {
	copies, page, err := models.ListBookInstances(c.UserContext(), h.DB, listParams(c))
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "catalog/bookinstance_list", Data{"title": "All copies", "bookinstance_list": copies, "page_obj": page})
}

// BookInstanceDetail shows one copy; librarians also get its borrower, the check-out or check-in
// form and the loan history, a member the history of their own loans of it.
func (h *Handlers) BookInstanceDetail(c *fiber.Ctx) error {
	bi, err := h.bookInstance(c)
	if err != nil {
		return err
	}
	return h.renderCopy(c, fiber.StatusOK, bi, forms.InitialCheckOut())
}

// bookInstance loads the copy the URL's :id names.
func (h *Handlers) bookInstance(c *fiber.Ctx) (models.BookInstance, error) {
	id, err := request.UUID(c, "id")
	if err != nil {
		return models.BookInstance{}, err
	}
	return models.GetBookInstance(c.UserContext(), h.DB, id)
}

// suggestedMembers bounds the borrower suggestions offered on the check-out form.
const suggestedMembers = 500

func (h *Handlers) renderCopy(c *fiber.Ctx, status int, bi models.BookInstance, checkout forms.CheckOut) error {
	ctx := c.UserContext()
	data := Data{"title": "Copy of " + bi.Book.Title, "bookinstance": bi, "checkout": checkout}
	if u := request.User(c); u != nil {
		librarian := request.Perms(c).CanMarkReturned()
		only := u.ID
		if librarian {
			only = 0
			if bi.BorrowerID != nil {
				borrower, err := models.GetUser(ctx, h.DB, *bi.BorrowerID)
				if err != nil {
					return err
				}
				data["borrower"] = borrower
			}
			members, err := models.ActiveMembers(ctx, h.DB, suggestedMembers)
			if err != nil {
				return err
			}
			data["members"] = members
			if bi.IsReserved() {
				hold, err := models.CopyHold(ctx, h.DB, bi.ID)
				if err != nil && !errors.Is(err, models.ErrNotFound) {
					return err
				}
				data["hold"] = hold
				if checkout.Borrower == "" {
					checkout.Borrower = hold.Member.Username
					data["checkout"] = checkout
				}
			}
		}
		loans, err := models.CopyLoans(ctx, h.DB, bi.ID, only)
		if err != nil {
			return err
		}
		data["loans"] = loans
	}
	if err := h.lastChange(c, data, models.ContentBookInstance, bi.ID.String()); err != nil {
		return err
	}
	return h.render(c, status, "catalog/bookinstance_detail", data)
}
