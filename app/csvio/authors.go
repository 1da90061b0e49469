package csvio

import (
	"locallibrary/app/forms"
	"locallibrary/models"
)

// resolveAuthors finds the authors the rows name, by their authorKey: a name one author has
// is that author; a name several authors share is ambiguous unless the row adds the number of
// one of them ("Smith, John #12", as an export writes namesakes); a name nobody has is a new
// author, created. A number that is not an author of that name (a number from another
// database) is set aside, and the name alone decides.
func (im *bookImporter) resolveAuthors(rows []bookRow) (map[string]authorRef, error) {
	out := map[string]authorRef{}
	refs := map[string]int64{}
	authors := map[string]forms.Author{}
	for _, r := range rows {
		if _, ok := out[r.author]; ok {
			continue
		}
		v, ok := im.authors.get(r.author)
		out[r.author] = v
		if ok {
			continue
		}
		authors[r.author] = r.form.NamedAuthor()
		if _, id := models.SplitRef(r.form.Author); id != 0 {
			refs[r.author] = id
		}
	}
	if err := im.authorsByRef(refs, authors, out); err != nil {
		return nil, err
	}
	// The names of the rows still unresolved, once each, in the order of the file.
	var names []forms.Author
	seen := map[string]bool{}
	for _, r := range rows {
		a, unresolved := authors[r.author]
		if k := models.AuthorKey(a.LastName, a.FirstName); unresolved && out[r.author].id == 0 && !seen[k] {
			seen[k] = true
			names = append(names, a)
		}
	}
	byName, err := im.authorsByName(names)
	if err != nil {
		return nil, err
	}
	for k, a := range authors {
		if out[k].id == 0 {
			out[k] = byName[models.AuthorKey(a.LastName, a.FirstName)]
		}
	}
	for k, v := range out {
		im.authors.put(k, v)
	}
	for k, v := range byName {
		im.authors.put(k, v)
	}
	return out, nil
}

// authorsByRef resolves the keys of refs whose number is an author of the name they give.
func (im *bookImporter) authorsByRef(refs map[string]int64, authors map[string]forms.Author, out map[string]authorRef) error {
	if len(refs) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(refs))
	for _, id := range refs {
		ids = append(ids, id)
	}
	found, err := models.AuthorsByID(im.tx, ids)
	if err != nil {
		return err
	}
	byID := make(map[int64]models.Author, len(found))
	for _, a := range found {
		byID[a.ID] = a
	}
	for k, id := range refs {
		want := authors[k]
		if a, ok := byID[id]; ok && models.AuthorKey(a.LastName, a.FirstName) == models.AuthorKey(want.LastName, want.FirstName) {
			out[k] = authorRef{id: id}
		}
	}
	return nil
}

// authorsByName resolves names, by AuthorKey: remembered, found once, found several times
// (ambiguous), or else created.
func (im *bookImporter) authorsByName(names []forms.Author) (map[string]authorRef, error) {
	resolved := map[string]authorRef{}
	var lasts []string
	for _, a := range names {
		k := models.AuthorKey(a.LastName, a.FirstName)
		if v, ok := im.authors.get(k); ok {
			resolved[k] = v
		} else {
			lasts = append(lasts, a.LastName)
		}
	}
	if len(lasts) == 0 {
		return resolved, nil
	}
	found, err := models.AuthorsByLastName(im.tx, lasts)
	if err != nil {
		return nil, err
	}
	matches := map[string][]models.Author{}
	for _, a := range found {
		k := models.AuthorKey(a.LastName, a.FirstName)
		matches[k] = append(matches[k], a)
	}
	var create []models.Author
	for _, a := range names {
		k := models.AuthorKey(a.LastName, a.FirstName)
		if _, ok := resolved[k]; ok {
			continue
		}
		switch m := matches[k]; len(m) {
		case 0:
			create = append(create, models.Author{FirstName: a.FirstName, LastName: a.LastName})
		case 1:
			resolved[k] = authorRef{id: m[0].ID}
		default:
			refs := make([]string, 0, 5)
			for _, a := range m[:min(len(m), 5)] {
				refs = append(refs, a.Ref())
			}
			resolved[k] = authorRef{ambiguous: refs}
		}
	}
	if err := models.CreateAuthors(im.tx, create, im.ch); err != nil {
		return nil, err
	}
	im.rep.NewAuthors += len(create)
	for _, a := range create {
		resolved[models.AuthorKey(a.LastName, a.FirstName)] = authorRef{id: a.ID}
	}
	return resolved, nil
}
