// Package routes is LocalLibrary's URL table, read like the Django project's urls.py. Route names
// are Django's URL names.
package routes

import (
	"github.com/gofiber/fiber/v2"

	"locallibrary/app/handlers"
	"locallibrary/app/middleware"
	"locallibrary/models"
)

// Health adds the operators' routes. app.New adds them ahead of the session and user
// middleware, which they must not need: a load balancer probing them neither creates sessions
// nor fails with the session store.
func Health(app *fiber.App, h *handlers.Handlers) {
	app.Get("/healthz", h.Healthz).Name("healthz")
	app.Get("/readyz", h.Readyz).Name("readyz")
}

// Register adds every route of the site but the health routes to app.
func Register(app *fiber.App, h *handlers.Handlers) {
	app.Get("/", h.RedirectIndex)

	// Public pages.
	list(app, "/catalog/", "index", h.Index)
	list(app, "/catalog/books/", "books", h.BookList)
	app.Get("/catalog/book/:id", h.BookDetail).Name("book-detail")
	list(app, "/catalog/authors/", "authors", h.AuthorList)
	app.Get("/catalog/author/:id", h.AuthorDetail).Name("author-detail")
	list(app, "/catalog/genres/", "genres", h.GenreList)
	app.Get("/catalog/genre/:id", h.GenreDetail).Name("genre-detail")
	list(app, "/catalog/languages/", "languages", h.LanguageList)
	app.Get("/catalog/language/:id", h.LanguageDetail).Name("language-detail")
	list(app, "/catalog/bookinstances/", "bookinstances", h.BookInstanceList)
	app.Get("/catalog/bookinstance/:id", h.BookInstanceDetail).Name("bookinstance-detail")
	list(app, "/catalog/search/", "search", h.BookSearch)

	// Members.
	loggedIn := middleware.RequireLogin(h.URLs)
	list(app, "/catalog/mybooks/", "my-borrowed", loggedIn, h.LoanedBooksByUser)
	list(app, "/catalog/loans/", "my-loans", loggedIn, h.MyLoans)
	app.Get("/catalog/user/:id/loans/", loggedIn, h.UserLoans).Name("user-loans")

	// Librarians.
	librarian := middleware.RequirePermission(h.URLs, models.PermMarkReturned)
	list(app, "/catalog/borrowed/", "all-borrowed", librarian, h.AllBorrowed)
	app.Get("/catalog/book/:id/renew/", librarian, h.RenewBookLibrarianForm).Name("renew-book-librarian")
	app.Post("/catalog/book/:id/renew/", librarian, h.RenewBookLibrarian)
	app.Post("/catalog/bookinstance/:id/checkout/", librarian, h.CheckOutBookInstance).Name("bookinstance-checkout")
	app.Post("/catalog/bookinstance/:id/checkin/", librarian, h.CheckInBookInstance).Name("bookinstance-checkin")

	// Catalog management: /catalog/<model>/create/, /catalog/<model>/<id>/update/ and
	// /catalog/<model>/<id>/delete/, named <model>-create, -update and -delete.
	manage(app, h, "author", edits{h.AuthorCreateForm, h.AuthorCreate, h.AuthorUpdateForm, h.AuthorUpdate, h.AuthorDeleteConfirm, h.AuthorDelete})
	manage(app, h, "book", edits{h.BookCreateForm, h.BookCreate, h.BookUpdateForm, h.BookUpdate, h.BookDeleteConfirm, h.BookDelete})
	manage(app, h, "genre", edits{h.GenreCreateForm, h.GenreCreate, h.GenreUpdateForm, h.GenreUpdate, h.GenreDeleteConfirm, h.GenreDelete})
	manage(app, h, "language", edits{h.LanguageCreateForm, h.LanguageCreate, h.LanguageUpdateForm, h.LanguageUpdate,
		h.LanguageDeleteConfirm, h.LanguageDelete})
	manage(app, h, "bookinstance", edits{h.BookInstanceCreateForm, h.BookInstanceCreate, h.BookInstanceUpdateForm,
		h.BookInstanceUpdate, h.BookInstanceDeleteConfirm, h.BookInstanceDelete})

	// Accounts (django.contrib.auth.urls), none of them kept in caches.
	app.Use("/accounts", middleware.NoStore)
	app.Get("/accounts/login/", h.LoginForm).Name("login")
	app.Post("/accounts/login/", h.Login)
	app.Post("/accounts/logout/", h.Logout).Name("logout")
	app.Get("/accounts/password_change/", loggedIn, h.PasswordChangeForm).Name("password_change")
	app.Post("/accounts/password_change/", loggedIn, h.PasswordChange)
	app.Get("/accounts/password_change/done/", loggedIn, h.PasswordChangeDone).Name("password_change_done")
	app.Get("/accounts/password_reset/", h.PasswordResetForm).Name("password_reset")
	app.Post("/accounts/password_reset/", h.PasswordReset)
	app.Get("/accounts/password_reset/done/", h.PasswordResetDone).Name("password_reset_done")
	app.Get("/accounts/reset/:uidb64/:token/", h.PasswordResetConfirmForm).Name("password_reset_confirm")
	app.Post("/accounts/reset/:uidb64/:token/", h.PasswordResetConfirm)
	app.Get("/accounts/reset/done/", h.PasswordResetComplete).Name("password_reset_complete")
}

// edits are the views of one model's create, update and delete pages (Django's CreateView,
// UpdateView and DeleteView): each page's form (GET) and its submission (POST).
type edits struct {
	createForm, create, updateForm, update, deleteConfirm, delete fiber.Handler
}

// manage registers the create, update and delete pages of model, each behind Django's add, change
// or delete permission on it.
func manage(app fiber.Router, h *handlers.Handlers, model string, v edits) {
	can := func(action string) fiber.Handler {
		return middleware.RequirePermission(h.URLs, models.ModelPerm(action, model))
	}
	base := "/catalog/" + model + "/"
	app.Get(base+"create/", can("add"), v.createForm).Name(model + "-create")
	app.Post(base+"create/", can("add"), v.create)
	app.Get(base+":id/update/", can("change"), v.updateForm).Name(model + "-update")
	app.Post(base+":id/update/", can("change"), v.update)
	app.Get(base+":id/delete/", can("delete"), v.deleteConfirm).Name(model + "-delete")
	app.Post(base+":id/delete/", can("delete"), v.delete)
}

// list registers a list page at path (ending in "/") and redirects the same path without its
// trailing slash there, as Django's APPEND_SLASH does.
func list(r fiber.Router, path, name string, handlers ...fiber.Handler) {
	r.Get(path, handlers...).Name(name)
	r.Get(path[:len(path)-1], appendSlash)
}

func appendSlash(c *fiber.Ctx) error {
	target := c.Path() + "/"
	if q := c.Context().URI().QueryString(); len(q) > 0 {
		target += "?" + string(q)
	}
	return c.Redirect(target, fiber.StatusMovedPermanently)
}
