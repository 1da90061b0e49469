package request

import (
	"errors"
	"fmt"
	"io"
	"net/http/httptest"
	"testing"

	"github.com/gofiber/fiber/v2"

	"locallibrary/models"
)

// param serves /x/id through a route that answers what read made of its :id parameter.
func param(t *testing.T, id string, read func(c *fiber.Ctx) (any, error)) string {
	t.Helper()
	path := "/x/" + id
	if id == "" {
		path = "/x"
	}
	app := fiber.New()
	answer := func(c *fiber.Ctx) error {
		v, err := read(c)
		if errors.Is(err, models.ErrNotFound) {
			return c.SendString("not found")
		}
		if err != nil {
			return err
		}
		return c.SendString(fmt.Sprint(v))
	}
	app.Get("/x/:id", answer)
	app.Get("/x", answer) // no parameter at all: read sees ""
	resp, err := app.Test(httptest.NewRequest("GET", path, nil))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	return string(body)
}

func TestID(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1", "1"}, {"42", "42"}, {"007", "7"}, {"9223372036854775807", "9223372036854775807"},
		{"", "not found"}, {"abc", "not found"}, {"-1", "not found"}, {"0", "not found"}, {"+5", "not found"},
		{"1.5", "not found"}, {"%203", "not found"}, {"3%20", "not found"}, {"1e3", "not found"},
		{"99999999999999999999", "not found"}, {"9223372036854775808", "not found"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := param(t, tt.in, func(c *fiber.Ctx) (any, error) { return ID(c, "id") })
			if got != tt.want {
				t.Errorf("ID(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestUUID(t *testing.T) {
	good := "6f1c3c1e-4f57-4d5c-9a59-1d1b8f0c7a10"
	tests := []struct{ in, want string }{
		{good, good},
		{"6F1C3C1E-4F57-4D5C-9A59-1D1B8F0C7A10", good},
		{"", "not found"}, {"not-a-uuid", "not found"}, {"12", "not found"},
		{"urn:uuid:" + good, "not found"}, {"{" + good + "}", "not found"},
		{"6f1c3c1e4f574d5c9a591d1b8f0c7a10", "not found"}, {good + "0", "not found"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := param(t, tt.in, func(c *fiber.Ctx) (any, error) { return UUID(c, "id") })
			if got != tt.want {
				t.Errorf("UUID(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}
