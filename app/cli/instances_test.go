package cli

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"locallibrary/app/apptest"
	"locallibrary/models"
)

var (
	csrfField  = regexp.MustCompile(`name="csrfmiddlewaretoken" value="([^"]+)"`)
	visitCount = regexp.MustCompile(`You have visited this page (\d+) times?\.`)
)

// browser is one browser talking to several servers behind one address, as behind a load
// balancer: its cookies are shared by the servers (cookies are per host, not per port).
type browser struct {
	t      *testing.T
	client *http.Client
}

func (b browser) do(req *http.Request) string {
	b.t.Helper()
	resp, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		b.t.Fatalf("%s %s: %d\n%s", req.Method, req.URL, resp.StatusCode, body)
	}
	return string(body)
}

func (b browser) get(u string) string {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	return b.do(req)
}

// post submits form to u with the CSRF token of the form on page (from any server).
func (b browser) post(u, page string, form url.Values) string {
	b.t.Helper()
	m := csrfField.FindStringSubmatch(page)
	if m == nil {
		b.t.Fatalf("no CSRF token in\n%s", page)
	}
	form.Set("csrfmiddlewaretoken", m[1])
	req, _ := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

func (b browser) visits(u string) string {
	b.t.Helper()
	body := b.get(u + "/catalog/")
	m := visitCount.FindStringSubmatch(body)
	if m == nil {
		b.t.Fatalf("no visit counter on %s", u)
	}
	return m[1]
}

// TestTwoServerProcessesShareOneDatabase runs the built binary twice on one database, with one
// browser going back and forth between the two processes: the web tier keeps nothing of its own,
// so the visit counter, the login, CSRF tokens and the catalog's counts are the same on both.
func TestTwoServerProcessesShareOneDatabase(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		cfg := apptest.Config(t, dialect)
		a := apptest.NewApp(t, cfg)
		apptest.Seed(t, a)
		apptest.Librarian(t, a.DB.Gorm, "libby", "quiet-lantern-47")
		apptest.User(t, a.DB.Gorm, "reader", "quiet-lantern-47")
		var copyID string
		if err := a.DB.Gorm.Model(&models.BookInstance{}).Select("id").Where("status = ?", models.StatusAvailable).
			Order("id").Limit(1).Scan(&copyID).Error; err != nil {
			t.Fatal(err)
		}
		env := map[string]string{"DATABASE_URL": cfg.DatabaseURL, "SECRET_KEY": cfg.SecretKey, "RUN_MIGRATIONS": "1"}
		one, two := "http://"+startServer(t, env).addr, "http://"+startServer(t, env).addr
		jar, _ := cookiejar.New(nil)
		b := browser{t: t, client: &http.Client{Jar: jar, Timeout: 10 * time.Second}}

		for i, server := range []string{one, two, one, two} {
			if got := b.visits(server); got != fmt.Sprint(i+1) {
				t.Fatalf("visit %d: the counter says %s", i+1, got)
			}
		}
		// The login form of one server, posted to the other; the session is then known to both.
		home := b.post(two+"/accounts/login/", b.get(one+"/accounts/login/"), url.Values{"username": {"libby"}, "password": {"quiet-lantern-47"}})
		if !strings.Contains(home, "User: libby") || !strings.Contains(b.get(one+"/catalog/"), "User: libby") {
			t.Fatal("the login is not known to both servers")
		}
		// A check-out on one server shows in the other's counts.
		copyPage := b.get(two + "/catalog/bookinstance/" + copyID)
		due := models.Today().AddDays(14).String()
		b.post(one+"/catalog/bookinstance/"+copyID+"/checkout/", copyPage, url.Values{"borrower": {"reader"}, "due_back": {due}})
		if body := b.get(two + "/catalog/"); !strings.Contains(body, `<span id="num-instances-available">4</span>`) {
			t.Errorf("after a check-out on the other server, the home page says:\n%s", body)
		}
		b.post(two+"/accounts/logout/", b.get(one+"/catalog/"), url.Values{})
		if strings.Contains(b.get(one+"/catalog/"), "User: libby") {
			t.Error("logged out on one server, still logged in on the other")
		}
	})
}
