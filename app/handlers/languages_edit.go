package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"locallibrary/app/forms"
	"locallibrary/app/request"
	"locallibrary/models"
)

// LanguageCreateForm shows the empty language form.
func (h *Handlers) LanguageCreateForm(c *fiber.Ctx) error {
	return h.renderLanguageForm(c, fiber.StatusOK, nil, forms.InitialName("", 1))
}

// LanguageCreate saves a new language and shows it; a name already used, ignoring case, is refused.
func (h *Handlers) LanguageCreate(c *fiber.Ctx) error {
	f := forms.NewName(c)
	var l models.Language
	switch status, err := h.saveLanguage(c, &l, &f); {
	case err != nil:
		return err
	case status != 0:
		return h.renderLanguageForm(c, status, nil, f)
	}
	return h.saved(c, "Language created.", "language-detail", l.ID)
}

// LanguageUpdateForm shows the language form with the stored name.
func (h *Handlers) LanguageUpdateForm(c *fiber.Ctx) error {
	l, err := h.language(c)
	if err != nil {
		return err
	}
	return h.renderLanguageForm(c, fiber.StatusOK, &l, forms.InitialName(l.Name, l.Version))
}

// LanguageUpdate renames the language unless it changed since the form was opened.
func (h *Handlers) LanguageUpdate(c *fiber.Ctx) error {
	l, err := h.language(c)
	if err != nil {
		return err
	}
	f := forms.NewName(c)
	switch status, err := h.saveLanguage(c, &l, &f); {
	case err != nil:
		return err
	case status != 0:
		return h.renderLanguageForm(c, status, &l, f)
	}
	return h.saved(c, "Language updated.", "language-detail", l.ID)
}

// saveLanguage validates f and saves it as l (a new language when l.ID is 0), recording who did it.
// It returns 0 once saved, or the status to show the form again with: 422 when f is invalid or
// the name is taken ignoring case, 409 when the language changed since the form was opened (l is
// then the saved version).
func (h *Handlers) saveLanguage(c *fiber.Ctx, l *models.Language, f *forms.Name) (int, error) {
	ctx := c.UserContext()
	if !f.Validate() {
		return fiber.StatusUnprocessableEntity, nil
	}
	var err error
	if l.ID == 0 {
		*l = f.Language(0)
		err = models.CreateLanguage(ctx, h.DB, l, change(c))
	} else {
		updated := f.Language(l.ID)
		if err = models.UpdateLanguage(ctx, h.DB, updated, change(c, f.Changed(l.Name)...)); err == nil {
			*l = updated
		}
	}
	switch {
	case errors.Is(err, models.ErrDuplicate):
		f.LanguageTaken()
		return fiber.StatusUnprocessableEntity, nil
	case errors.Is(err, models.ErrStale):
		current, err := models.GetLanguage(ctx, h.DB, l.ID)
		if err != nil {
			return 0, err
		}
		*l = current
		f.ChangedMeanwhile("language", current.Name, current.Version)
		return fiber.StatusConflict, nil
	}
	return 0, err
}

func (h *Handlers) renderLanguageForm(c *fiber.Ctx, status int, l *models.Language, f forms.Name) error {
	title := "Create language"
	if l != nil {
		title = "Update language: " + l.Name
	}
	return h.render(c, status, "catalog/language_form", Data{"title": title, "language": l, "form": f})
}

// LanguageDeleteConfirm asks to confirm the delete, or lists the books that stop it.
func (h *Handlers) LanguageDeleteConfirm(c *fiber.Ctx) error {
	l, err := h.language(c)
	if err != nil {
		return err
	}
	return h.renderLanguageDelete(c, fiber.StatusOK, l)
}

// LanguageDelete deletes a language no book uses and goes to the language list; a language in use stays,
// and the page lists its books.
func (h *Handlers) LanguageDelete(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, err := request.ID(c, "id")
	if err != nil {
		return err
	}
	l, err := models.DeleteLanguage(ctx, h.DB, id, change(c))
	if errors.Is(err, models.ErrProtected) {
		if l, err = models.GetLanguage(ctx, h.DB, id); err != nil {
			return err
		}
		return h.renderLanguageDelete(c, fiber.StatusConflict, l)
	}
	if err != nil {
		return err
	}
	return h.saved(c, "Language deleted: "+l.Name+".", "languages")
}

func (h *Handlers) renderLanguageDelete(c *fiber.Ctx, status int, l models.Language) error {
	books, page, err := models.ListBooksBy(c.UserContext(), h.DB, models.BooksBy{LanguageID: l.ID}, models.ListParams{})
	if err != nil {
		return err
	}
	data := Data{"title": "Delete language: " + l.Name, "language": l}
	blocking(data, "book_list", books, page)
	return h.render(c, status, "catalog/language_confirm_delete", data)
}

// language loads the language the URL's :id names.
func (h *Handlers) language(c *fiber.Ctx) (models.Language, error) {
	id, err := request.ID(c, "id")
	if err != nil {
		return models.Language{}, err
	}
	return models.GetLanguage(c.UserContext(), h.DB, id)
}
