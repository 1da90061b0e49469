package app_test

import (
	"net/url"
	"testing"

	"locallibrary/app/apptest"
	"locallibrary/models"
)

// A field refused by the server is marked invalid and points at its message, so that assistive
// technology reads the message with the field.
func TestFieldErrorsAreTiedToTheirFields(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		l := newLibrary(t, dialect)
		onLoan := apptest.Copy(t, l.a.DB.Gorm, l.book, models.StatusOnLoan, apptest.Date(5))
		renew := "/catalog/book/" + onLoan.ID.String() + "/renew/"
		checkout := "/catalog/bookinstance/" + apptest.Copy(t, l.a.DB.Gorm, l.book, models.StatusAvailable, nil).ID.String() + "/checkout/"
		tests := []struct {
			name   string
			client *apptest.Client
			path   string
			form   url.Values
			field  string
		}{
			{"login", l.anon, "/accounts/login/", url.Values{"username": {""}, "password": {"x"}}, "username"},
			{"password reset", l.anon, "/accounts/password_reset/", url.Values{"email": {"not an address"}}, "email"},
			{"password change, old", l.aliceC, "/accounts/password_change/",
				url.Values{"old_password": {"wrong"}, "new_password1": {"x"}, "new_password2": {"x"}}, "old_password"},
			{"password change, new", l.aliceC, "/accounts/password_change/",
				url.Values{"old_password": {goodPassword}, "new_password1": {"a-long-passphrase-1"}, "new_password2": {"another-one-2"}}, "new_password2"},
			{"renewal", l.librarian, renew, url.Values{"renewal_date": {models.Today().AddDays(-1).String()}}, "renewal_date"},
			{"check-out, borrower", l.librarian, checkout, url.Values{"borrower": {"nobody"}, "due_back": {models.Today().AddDays(7).String()}}, "borrower"},
			{"check-out, due date", l.librarian, checkout, url.Values{"borrower": {"alice"}, "due_back": {"1950-02-30"}}, "due_back"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := tt.client.Post(tt.path, tt.form)
				id := "id_" + tt.field + "_error"
				apptest.Contains(t, r.Body, `aria-invalid="true" aria-describedby="`+id+`"`, `<div id="`+id+`"><div class="invalid-feedback`)
			})
		}
	})
}
