package handlers

import (
	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"locallibrary/app/forms"
	"locallibrary/models"
)

// The add and change pages of the catalog's models in the admin. They use the catalog's forms,
// and save through the same saveAuthor, saveGenre, ... as the catalog's own edit pages.

// renderAdminForm renders the admin's change form of m: the add page when original is nil.
func (h *Handlers) renderAdminForm(c *fiber.Ctx, status int, m *ModelAdmin, original *adminObject, data Data) error {
	data["title"] = "Add " + m.Verbose
	if original != nil {
		data["title"] = "Change " + m.Verbose + ": " + original.Repr
	}
	data["original"] = original
	return h.adminRender(c, status, "admin/change_form", m, data)
}

// AdminAuthorForm shows the author form: empty on the add page, the author's on its change
// page, which lists their books too.
func (h *Handlers) AdminAuthorForm(c *fiber.Ctx) error {
	if adminAdding(c) {
		return h.renderAdminAuthor(c, fiber.StatusOK, nil, forms.InitialAuthor(models.Author{}))
	}
	a, err := h.author(c)
	if err != nil {
		return err
	}
	return h.renderAdminAuthor(c, fiber.StatusOK, &a, forms.InitialAuthor(a))
}

// AdminAuthorSave saves the author form of the add or change page.
func (h *Handlers) AdminAuthorSave(c *fiber.Ctx) error {
	var a models.Author
	var err error
	adding := adminAdding(c)
	if !adding {
		if a, err = h.author(c); err != nil {
			return err
		}
	}
	f := forms.NewAuthor(c)
	switch status, err := h.saveAuthor(c, &a, &f); {
	case err != nil:
		return err
	case status != 0 && adding:
		return h.renderAdminAuthor(c, status, nil, f)
	case status != 0:
		return h.renderAdminAuthor(c, status, &a, f)
	}
	return h.adminSaved(c, adminModels["author"], adminObject{Key: key(a.ID), Repr: a.String()}, adding)
}

func (h *Handlers) renderAdminAuthor(c *fiber.Ctx, status int, a *models.Author, f forms.Author) error {
	data := Data{"form": f}
	var original *adminObject
	if a != nil {
		original = &adminObject{Key: key(a.ID), Repr: a.String()}
		books, page, err := models.ListBooksBy(c.UserContext(), h.DB, models.BooksBy{AuthorID: a.ID}, models.ListParams{})
		if err != nil {
			return err
		}
		data["book_list"], data["book_count"], data["books_query"] = books, page.Count, forms.BooksByAuthorQuery(a.ID)
	}
	return h.renderAdminForm(c, status, adminModels["author"], original, data)
}

// AdminGenreForm shows the genre form of the add or change page.
func (h *Handlers) AdminGenreForm(c *fiber.Ctx) error {
	if adminAdding(c) {
		return h.renderAdminName(c, fiber.StatusOK, "genre", nil, forms.InitialName("", 1))
	}
	g, err := h.genre(c)
	if err != nil {
		return err
	}
	return h.renderAdminName(c, fiber.StatusOK, "genre", &adminObject{Key: key(g.ID), Repr: g.Name}, forms.InitialName(g.Name, g.Version))
}

// AdminGenreSave saves the genre form of the add or change page.
func (h *Handlers) AdminGenreSave(c *fiber.Ctx) error {
	var g models.Genre
	var err error
	adding := adminAdding(c)
	if !adding {
		if g, err = h.genre(c); err != nil {
			return err
		}
	}
	f := forms.NewName(c)
	status, err := h.saveGenre(c, &g, &f)
	return h.adminNameSaved(c, "genre", adding, adminObject{Key: key(g.ID), Repr: g.Name}, f, status, err)
}

// AdminLanguageForm shows the language form of the add or change page.
func (h *Handlers) AdminLanguageForm(c *fiber.Ctx) error {
	if adminAdding(c) {
		return h.renderAdminName(c, fiber.StatusOK, "language", nil, forms.InitialName("", 1))
	}
	l, err := h.language(c)
	if err != nil {
		return err
	}
	return h.renderAdminName(c, fiber.StatusOK, "language", &adminObject{Key: key(l.ID), Repr: l.Name}, forms.InitialName(l.Name, l.Version))
}

// AdminLanguageSave saves the language form of the add or change page.
func (h *Handlers) AdminLanguageSave(c *fiber.Ctx) error {
	var l models.Language
	var err error
	adding := adminAdding(c)
	if !adding {
		if l, err = h.language(c); err != nil {
			return err
		}
	}
	f := forms.NewName(c)
	status, err := h.saveLanguage(c, &l, &f)
	return h.adminNameSaved(c, "language", adding, adminObject{Key: key(l.ID), Repr: l.Name}, f, status, err)
}

// adminNameSaved answers the save of a genre or language form: the form again (status) or on.
func (h *Handlers) adminNameSaved(c *fiber.Ctx, model string, adding bool, obj adminObject, f forms.Name, status int, err error) error {
	switch {
	case err != nil:
		return err
	case status != 0 && adding:
		return h.renderAdminName(c, status, model, nil, f)
	case status != 0:
		return h.renderAdminName(c, status, model, &obj, f)
	}
	return h.adminSaved(c, adminModels[model], obj, adding)
}

func (h *Handlers) renderAdminName(c *fiber.Ctx, status int, model string, original *adminObject, f forms.Name) error {
	return h.renderAdminForm(c, status, adminModels[model], original, Data{"form": f})
}

// AdminCopyForm shows the copy form of the add or change page.
func (h *Handlers) AdminCopyForm(c *fiber.Ctx) error {
	if adminAdding(c) {
		return h.renderAdminCopy(c, fiber.StatusOK, nil, forms.InitialBookInstance(models.BookInstance{}))
	}
	bi, err := h.copyForEdit(c)
	if err != nil {
		return err
	}
	return h.renderAdminCopy(c, fiber.StatusOK, &bi, forms.InitialBookInstance(bi))
}

// AdminCopySave saves the copy form of the add or change page, keeping the loan history in step.
func (h *Handlers) AdminCopySave(c *fiber.Ctx) error {
	var bi models.BookInstance
	var err error
	adding := adminAdding(c)
	if !adding {
		if bi, err = h.copyForEdit(c); err != nil {
			return err
		}
	}
	f := forms.NewBookInstance(c)
	switch status, err := h.saveCopy(c, &bi, &f); {
	case err != nil:
		return err
	case status != 0 && adding:
		return h.renderAdminCopy(c, status, nil, f)
	case status != 0:
		return h.renderAdminCopy(c, status, &bi, f)
	}
	return h.adminSaved(c, adminModels["bookinstance"], adminObject{Key: bi.ID.String(), Repr: bi.String()}, adding)
}

func (h *Handlers) renderAdminCopy(c *fiber.Ctx, status int, bi *models.BookInstance, f forms.BookInstance) error {
	ctx := c.UserContext()
	books, err := models.BookChoices(ctx, h.DB)
	if err != nil {
		return err
	}
	members, err := models.ActiveMembers(ctx, h.DB, suggestedMembers)
	if err != nil {
		return err
	}
	var original *adminObject
	if bi != nil && bi.ID != uuid.Nil {
		original = &adminObject{Key: bi.ID.String(), Repr: bi.String()}
	}
	return h.renderAdminForm(c, status, adminModels["bookinstance"], original, Data{"form": f, "books": books, "members": members,
		"statuses": models.LoanStatuses, "loan_help": forms.CopyLoanHelp})
}
