package forms

import (
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"locallibrary/models"
)

// Django's messages of the admin actions.
const (
	NoActionSelected = "No action selected."
	NoItemsSelected  = "Items must be selected in order to perform actions on them. No items have been changed."
	TooManySelected  = "Select at most 1000 items for one action."
)

// Action is the bulk action form of a change list (Django's ActionForm): the action chosen, the
// rows ticked, and whether the confirmation page was answered.
type Action struct {
	Name      string
	Selected  []string
	Confirmed bool
	Errors    Errors
}

// NewAction reads the submitted action form, or its confirmation.
func NewAction(c *fiber.Ctx) Action {
	return Action{Name: value(c, "action"), Selected: values(c, "_selected_action"), Confirmed: value(c, "post") == "yes"}
}

// Validate checks the action is one of allowed and that between one and models.MaxSelected rows
// are ticked.
func (f *Action) Validate(allowed []string) bool {
	f.Errors = Errors{}
	switch {
	case !slices.Contains(allowed, f.Name):
		f.Errors.Add(NonField, NoActionSelected)
	case len(f.Selected) == 0:
		f.Errors.Add(NonField, NoItemsSelected)
	case len(f.Selected) > models.MaxSelected:
		f.Errors.Add(NonField, TooManySelected)
	}
	return !f.Errors.Any()
}

// IDs returns the rows ticked as integer ids; ids that are not numbers are left out, as rows
// that no longer exist are.
func (f *Action) IDs() []int64 {
	var out []int64
	for _, v := range f.Selected {
		if id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil && id > 0 && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// UUIDs returns the rows ticked as UUIDs (copies), leaving out what is not one.
func (f *Action) UUIDs() []uuid.UUID {
	var out []uuid.UUID
	for _, v := range f.Selected {
		if id, err := uuid.Parse(strings.TrimSpace(v)); err == nil && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// AfterSave is where an admin change form goes once saved, as the submit button pressed says
// (Django's _continue and _addanother).
type AfterSave int

// The places a change form goes to once saved.
const (
	// ToList is the change list ("Save").
	ToList AfterSave = iota
	// ToObject is the object's change page again ("Save and continue editing").
	ToObject
	// ToAddAnother is an empty add form ("Save and add another").
	ToAddAnother
)

// NewAfterSave reads which submit button of a change form was pressed.
func NewAfterSave(c *fiber.Ctx) AfterSave {
	switch {
	case value(c, "_continue") != "":
		return ToObject
	case value(c, "_addanother") != "":
		return ToAddAnother
	}
	return ToList
}
