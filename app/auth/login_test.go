package auth_test

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"time"

	"locallibrary/app/apptest"
	"locallibrary/app/auth"
	"locallibrary/models"
)

// allocated returns how many bytes fn allocated on the heap.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Every refused login runs one argon2id hash, whose 19 MiB of memory shows in the heap: so a
// refusal takes as long whatever the account, without measuring time. The dialects run one
// after the other, so that nothing else allocates meanwhile.
func TestEveryRefusedLoginHashes(t *testing.T) {
	const argon2Memory = 19 << 20
	for _, dialect := range apptest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			a := apptest.NewApp(t, apptest.Config(t, dialect))
			db := a.DB.Gorm
			apptest.User(t, db, "member", "quiet-reading-room")
			for name, hash := range map[string]string{"unusable": auth.Unusable(), "unusable-with-suffix": "!Xq3k9", "empty": "", "unknown-format": "md5$abc$def"} {
				u := apptest.User(t, db, name, "quiet-reading-room")
				if err := models.SetPasswordHash(context.Background(), db, u.ID, hash); err != nil {
					t.Fatal(err)
				}
			}
			inactive := apptest.User(t, db, "inactive", "quiet-reading-room")
			db.Model(&inactive).Update("is_active", false)
			authn := auth.Authenticator{DB: db, Log: apptest.Logger(), Limit: 1000, Window: time.Minute}
			for _, username := range []string{"member", "nobody", "unusable", "unusable-with-suffix", "empty", "unknown-format", "inactive"} {
				t.Run(username, func(t *testing.T) {
					var err error
					n := allocated(func() {
						_, err = authn.Authenticate(context.Background(), username, "wrong password", "192.0.2.1", time.Now())
					})
					if !errors.Is(err, auth.ErrInvalidCredentials) {
						t.Errorf("err %v, want ErrInvalidCredentials", err)
					}
					if n < argon2Memory {
						t.Errorf("allocated %d KiB: the refusal ran no password hash", n>>10)
					}
				})
			}
		})
	}
}

func TestClientKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"192.0.2.1", "192.0.2.1"},
		{"::ffff:192.0.2.1", "192.0.2.1"},
		{"2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"},
		{"2001:db8:1:2::1", "2001:db8:1:2::/64"},
		{"2001:db8:1:3::1", "2001:db8:1:3::/64"},
		{"fe80::1%eth0", "fe80::/64"},
		{"::1", "::/64"},
		{"not an address", "not an address"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := auth.ClientKey(tt.in); got != tt.want {
				t.Errorf("ClientKey(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
