// Package routes is LocalLibrary's URL table, read like the Django project's urls.py. Route names
// are Django's URL names.
package routes

import (
	"slices"
	"strings"

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
	app.Post("/catalog/book/:id/hold/", loggedIn, h.BookHold).Name("book-hold")
	list(app, "/catalog/myholds/", "my-holds", loggedIn, h.MyHolds)
	app.Post("/catalog/hold/:id/cancel/", loggedIn, h.HoldCancel).Name("hold-cancel")

	// Librarians.
	librarian := middleware.RequirePermission(h.URLs, models.PermMarkReturned)
	list(app, "/catalog/borrowed/", "all-borrowed", librarian, h.AllBorrowed)
	list(app, "/catalog/stats/", "stats", librarian, h.Stats)
	list(app, "/catalog/holds/", "all-holds", librarian, h.AllHolds)
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

	// The admin site (django.contrib.admin), for staff: /admin/<app>/<model>/ lists a model, with
	// its add/, <id>/change/, <id>/delete/ and <id>/history/ pages, each behind the model's
	// permission; names as Django's, admin:catalog_book_changelist and the like. None of its
	// pages (accounts, the change log) are kept in caches.
	app.Use("/admin", middleware.NoStore)
	staff := middleware.RequireStaff(h.URLs)
	list(app, "/admin/", "admin:index", staff, h.AdminIndex)
	admin(app, h, "catalog", "author", adminPages{h.AdminAuthorForm, h.AdminAuthorSave, true})
	admin(app, h, "catalog", "book", adminPages{h.AdminBookForm, h.AdminBookSave, true})
	admin(app, h, "catalog", "bookinstance", adminPages{h.AdminCopyForm, h.AdminCopySave, true})
	admin(app, h, "catalog", "genre", adminPages{h.AdminGenreForm, h.AdminGenreSave, true})
	adminList(app, h, "catalog", "hold")
	admin(app, h, "catalog", "language", adminPages{h.AdminLanguageForm, h.AdminLanguageSave, true})
	admin(app, h, "auth", "group", adminPages{h.AdminGroupForm, h.AdminGroupSave, true})
	admin(app, h, "auth", "user", adminPages{h.AdminUserForm, h.AdminUserSave, false})
	viewBooks, viewCopies := middleware.RequirePermission(h.URLs, models.ModelPerm("view", "book")),
		middleware.RequirePermission(h.URLs, models.ModelPerm("view", "bookinstance"))
	app.Get("/admin/catalog/book/export.csv", staff, viewBooks, h.AdminBookExport).Name("admin:catalog_book_export")
	app.Get("/admin/catalog/bookinstance/export.csv", staff, viewCopies, h.AdminCopyExport).Name("admin:catalog_bookinstance_export")
	addBooks, changeBooks := middleware.RequirePermission(h.URLs, models.ModelPerm("add", "book")),
		middleware.RequirePermission(h.URLs, models.ModelPerm("change", "book"))
	app.Get("/admin/catalog/book/import/", staff, h.AdminModel("book"), addBooks, changeBooks, h.AdminBookImportForm).Name("admin:catalog_book_import")
	app.Post("/admin/catalog/book/import/", staff, h.AdminModel("book"), addBooks, changeBooks, h.AdminBookImport)
	changeUser := middleware.RequirePermission(h.URLs, models.ModelPerm("change", "user"))
	app.Get("/admin/auth/user/:id/password/", staff, h.AdminModel("user"), changeUser, h.AdminUserPasswordForm).Name("admin:auth_user_password")
	app.Post("/admin/auth/user/:id/password/", staff, h.AdminModel("user"), changeUser, h.AdminUserPassword)

	// Accounts (django.contrib.auth.urls), none of them kept in caches.
	app.Use("/accounts", middleware.NoStore)
	app.Get("/accounts/login/", h.LoginForm).Name("login")
	app.Post("/accounts/login/", h.Login)
	app.Post(LogoutPath, h.Logout).Name("logout")
	app.Get("/accounts/password_change/", loggedIn, h.PasswordChangeForm).Name("password_change")
	app.Post("/accounts/password_change/", loggedIn, h.PasswordChange)
	app.Get("/accounts/password_change/done/", loggedIn, h.PasswordChangeDone).Name("password_change_done")
	app.Get("/accounts/password_reset/", h.PasswordResetForm).Name("password_reset")
	app.Post("/accounts/password_reset/", h.PasswordReset)
	app.Get("/accounts/password_reset/done/", h.PasswordResetDone).Name("password_reset_done")
	app.Get("/accounts/reset/:uidb64/:token/", h.PasswordResetConfirmForm).Name("password_reset_confirm")
	app.Post("/accounts/reset/:uidb64/:token/", h.PasswordResetConfirm)
	app.Get("/accounts/reset/done/", h.PasswordResetComplete).Name("password_reset_complete")

	app.Use(appendSlashToPages(app))
}

// LogoutPath is the logout view's path, which the CSRF check lets nobody logged in post to.
const LogoutPath = "/accounts/logout/"

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

// adminPages are the views of one model's add and change pages in the admin (GET shows the form,
// POST saves it) and whether the admin deletes its objects.
type adminPages struct {
	form, save fiber.Handler
	deletes    bool
}

// admin registers the admin pages of app.model: its change list (GET; POST runs a bulk action),
// add, change, delete and history pages, for staff holding the model's view, add, change or
// delete permission.
func admin(r fiber.Router, h *handlers.Handlers, app, model string, v adminPages) {
	staff, is := middleware.RequireStaff(h.URLs), h.AdminModel(model)
	can := func(action string) fiber.Handler {
		return middleware.RequirePermission(h.URLs, models.ModelPerm(action, model))
	}
	base, name := "/admin/"+app+"/"+model+"/", "admin:"+app+"_"+model+"_"
	list(r, base, name+"changelist", staff, is, can("view"), h.AdminChangeList)
	r.Post(base, staff, is, can("view"), h.AdminAction)
	r.Get(base+"add/", staff, is, can("add"), v.form).Name(name + "add")
	r.Post(base+"add/", staff, is, can("add"), v.save)
	r.Get(base+":id/change/", staff, is, can("change"), v.form).Name(name + "change")
	r.Post(base+":id/change/", staff, is, can("change"), v.save)
	r.Get(base+":id/history/", staff, is, can("view"), h.AdminHistory).Name(name + "history")
	if v.deletes {
		r.Get(base+":id/delete/", staff, is, can("delete"), h.AdminDeleteConfirm).Name(name + "delete")
		r.Post(base+":id/delete/", staff, is, can("delete"), h.AdminDelete)
	}
}

// adminList registers only the change list of app.model and its bulk actions (a model members
// and the circulation desk change, not the admin's forms).
func adminList(r fiber.Router, h *handlers.Handlers, app, model string) {
	staff, is := middleware.RequireStaff(h.URLs), h.AdminModel(model)
	view := middleware.RequirePermission(h.URLs, models.ModelPerm("view", model))
	base := "/admin/" + app + "/" + model + "/"
	list(r, base, "admin:"+app+"_"+model+"_changelist", staff, is, view, h.AdminChangeList)
	r.Post(base, staff, is, view, h.AdminAction)
}

// list registers a list page at path (ending in "/") and redirects the same path without its
// trailing slash there, as Django's APPEND_SLASH does.
func list(r fiber.Router, path, name string, handlers ...fiber.Handler) {
	r.Get(path, handlers...).Name(name)
	r.Get(path[:len(path)-1], appendSlash)
}

// appendSlashToPages redirects a GET of a path that names no page, but names one once a slash is
// appended, there: Django's APPEND_SLASH for every page (/accounts/login), not only the lists.
// It goes after every route, so it only sees requests no route answered.
func appendSlashToPages(app *fiber.App) fiber.Handler {
	var pages [][]string
	for _, r := range app.GetRoutes(true) {
		if r.Method == fiber.MethodGet && strings.HasSuffix(r.Path, "/") {
			pages = append(pages, strings.Split(r.Path, "/"))
		}
	}
	return func(c *fiber.Ctx) error {
		get := c.Method() == fiber.MethodGet || c.Method() == fiber.MethodHead
		if p := c.Path(); get && !strings.HasSuffix(p, "/") && slices.ContainsFunc(pages, func(page []string) bool {
			return samePath(page, strings.Split(p+"/", "/"))
		}) {
			return appendSlash(c)
		}
		return c.Next()
	}
}

// samePath reports whether the segments of a path match those of a route, where a ":param"
// segment matches any segment but an empty one.
func samePath(route, path []string) bool {
	if len(route) != len(path) {
		return false
	}
	for i, seg := range route {
		if seg != path[i] && (!strings.HasPrefix(seg, ":") || path[i] == "") {
			return false
		}
	}
	return true
}

func appendSlash(c *fiber.Ctx) error {
	target := c.Path() + "/"
	if q := c.Context().URI().QueryString(); len(q) > 0 {
		target += "?" + string(q)
	}
	return c.Redirect(target, fiber.StatusMovedPermanently)
}
