package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"locallibrary/app/apptest"
	"locallibrary/models"
)

// validISBN returns the n-th of a run of valid ISBN-13s.
func validISBN(n int) string {
	digits := fmt.Sprintf("979%09d", 700000000+n)
	return digits + string(models.ISBN13CheckDigit(digits))
}

func TestExportAndImportCommands(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		dir := t.TempDir()
		env := func() map[string]string {
			cfg := apptest.Config(t, dialect)
			return map[string]string{"DATABASE_URL": cfg.DatabaseURL, "SECRET_KEY": cfg.SecretKey, "RUN_MIGRATIONS": "1"}
		}
		first, second := env(), env()
		file := func(name, body string) string {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
				t.Fatal(err)
			}
			return p
		}
		books := file("books.csv", "title,author,summary,isbn,language,genres\n"+
			`"Commas, ""quotes"" and <script>alert(1)</script>","García Márquez, Gabriel","Two`+"\n"+`lines.",`+validISBN(1)+",Español,\"Realismo; mágico\"\n"+
			`'=SUM(A1:A9),"O'Brien, Mary Ann",Formula.,`+validISBN(2)+",English,Fantasy; Horror\n"+
			`Ünïcode title,"山田, 太郎",日本語の要約。,`+validISBN(3)+",日本語,Fantasy\n")
		tests := []struct {
			name   string
			env    map[string]string
			args   []string
			code   int
			stdout string
			stderr string
		}{
			{"dry run", first, []string{"import", "books", books, "--dry-run"}, 0,
				"Checked " + books + " (dry run, nothing written): 3 rows, no errors: 3 books to create, 0 to update, 0 unchanged; " +
					"3 authors, 4 genres and 3 languages to create.\n", ""},
			{"nothing written by the dry run", first, []string{"export", "books"}, 0, "title,author,summary,isbn,language,genres\n", ""},
			{"import", first, []string{"import", "books", books}, 0,
				"Imported " + books + ": 3 rows: 3 books created, 0 updated, 0 unchanged; 3 authors, 4 genres and 3 languages created.\n", ""},
			{"import again", first, []string{"import", "--dry-run", "books", books}, 0, "0 books to create, 0 to update, 3 unchanged", ""},
			{"export to a file", first, []string{"export", "books", filepath.Join(dir, "out.csv")}, 0, "Exported the books to " + filepath.Join(dir, "out.csv") + ".\n", ""},
			{"import the export elsewhere", second, []string{"import", "books", filepath.Join(dir, "out.csv")}, 0, "3 books created", ""},
			{"a bad row", second, []string{"import", "books", file("bad.csv", "title,author,summary,isbn,language,genres\n"+
				"New,\"Doe, Jane\",s,"+validISBN(4)+",English,Fantasy\n"+
				"Bad,\"Doe, Jane\",s,9780306406158,English,Fantasy\n")}, 1, "",
				"row 3: isbn: This ISBN's check digit is wrong: look for a mistyped digit.\nlocallibrary: " + filepath.Join(dir, "bad.csv") + ": 1 error(s): nothing was imported\n"},
			{"not UTF-8", second, []string{"import", "books", file("latin1.csv", "title,author,summary,isbn,language,genres\nCaf\xe9,\"A, B\",s,"+validISBN(5)+",English,Fantasy\n")}, 1, "",
				"row 2: title: the file is not UTF-8 text: save it as “CSV UTF-8”\n"},
			{"copies", first, []string{"import", "copies", file("copies.csv", "id,isbn,imprint,status,due_back,borrower\n,"+validISBN(1)+",\"Sudamericana, 1967\",Available,,\n")}, 0,
				"Imported " + filepath.Join(dir, "copies.csv") + ": 1 row: 1 copy created, 0 updated, 0 unchanged.\n", ""},
			{"export copies", first, []string{"export", "copies"}, 0, "," + validISBN(1) + ",\"Sudamericana, 1967\",Available,,\n", ""},
			{"export to stdout with -", first, []string{"export", "copies", "-"}, 0, "," + validISBN(1) + ",\"Sudamericana, 1967\",Available,,\n", ""},
			{"no such file", first, []string{"import", "books", filepath.Join(dir, "missing.csv")}, 1, "", "no such file or directory"},
			{"no file", first, []string{"import", "books"}, 2, "", "import takes books|copies FILE [--dry-run]\n"},
			{"unknown kind", first, []string{"import", "authors", books}, 2, "", `import takes books|copies FILE [--dry-run], not "authors"`},
			{"export of nothing", first, []string{"export"}, 2, "", "export takes books|copies [FILE]\n"},
			{"export of an unknown kind", first, []string{"export", "genres"}, 2, "", `export takes books|copies [FILE], not "genres"`},
		}
		for _, tt := range tests {
			// In order: later cases count on what the earlier ones imported.
			t.Run(tt.name, func(t *testing.T) {
				code, out, stderr := runWith(tt.env, tt.args...)
				if code != tt.code || !strings.Contains(out, tt.stdout) || !strings.Contains(stderr, tt.stderr) || (tt.stderr == "" && stderr != "") {
					t.Errorf("exit %d, want %d\nstdout %q\nwant   %q\nstderr %q\nwant   %q", code, tt.code, out, tt.stdout, stderr, tt.stderr)
				}
			})
		}
		_, original, _ := runWith(first, "export", "books")
		_, copied, _ := runWith(second, "export", "books")
		saved, _ := os.ReadFile(filepath.Join(dir, "out.csv"))
		if original != copied || original != string(saved) || !strings.Contains(original, "\"Commas, \"\"quotes\"\" and <script>alert(1)</script>\"") {
			t.Errorf("export of the original\n%s\nof the copy\n%s\nsaved\n%s", original, copied, saved)
		}
		// A new export is its owner's alone; one written over a file keeps that file's permissions.
		out := filepath.Join(dir, "out.csv")
		if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("a new export: %v %v, want -rw-------", fi.Mode(), err)
		}
		if err := os.Chmod(out, 0o640); err != nil {
			t.Fatal(err)
		}
		if code, _, stderr := runWith(first, "export", "books", out); code != 0 {
			t.Fatalf("export over a file: exit %d %s", code, stderr)
		}
		if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o640 {
			t.Errorf("an export over a -rw-r----- file: %v %v", fi.Mode(), err)
		}
		if _, err := os.Stat("-"); err == nil {
			t.Error(`"export copies -" wrote a file named "-"`)
		}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".tmp") {
				t.Errorf("a temporary file was left behind: %s", e.Name())
			}
		}
	})
}

func TestImportCommandOnALargeFileWritesNoProgressToAPipe(t *testing.T) {
	cfg := apptest.Config(t, apptest.SQLite)
	env := map[string]string{"DATABASE_URL": cfg.DatabaseURL, "SECRET_KEY": cfg.SecretKey, "RUN_MIGRATIONS": "1"}
	var b strings.Builder
	b.WriteString("title,author,summary,isbn,language,genres\n")
	for i := range 6000 {
		fmt.Fprintf(&b, "Book %d,\"Writer%d, Ann\",Summary.,%s,English,Fantasy\n", i, i%100, validISBN(100+i))
	}
	path := filepath.Join(t.TempDir(), "large.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runWith(env, "import", "books", path)
	if code != 0 || !strings.Contains(out, "6000 books created") || stderr != "" {
		t.Errorf("exit %d\n%s%s", code, out, stderr)
	}
}
