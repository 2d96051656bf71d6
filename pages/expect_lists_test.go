package pages_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/e2e-dev/e2e/internal/testenv/fixture"
	"github.com/e2e-dev/e2e/pages"
)

// TestExpectLists checks the list forms (every match at once, in order) and the class
// assertions: each passes once the page gets there and fails with its exact line.
func TestExpectLists(t *testing.T) {
	base := serveFixture(t)
	b := fixture.NewTestBrowser(t)

	t.Run("pass", func(t *testing.T) {
		s := openFixture(t, b, base, "/assert.html?late=100", 5*time.Second)
		todos := s.GetByRole("listitem")
		// The fourth item comes late: the lists wait for it.
		pages.Expect(todos).ToHaveTexts("Buy milk", "Walk the dog", "Pay bills", "Call mum")
		pages.Expect(todos).ToHaveClasses("todo completed", "todo", "todo completed", "todo")
		pages.Expect(todos).Not().ToHaveTexts("Buy milk", "Walk the dog", "Pay bills")
		pages.Expect(todos).Not().ToHaveTexts("Walk the dog", "Buy milk", "Pay bills", "Call mum")
		pages.Expect(todos).ToContainTexts("milk", "Call")
		pages.Expect(todos).ToContainTexts()
		pages.Expect(todos).Not().ToContainTexts("Call", "milk")
		pages.Expect(todos).Not().ToHaveClasses("todo", "todo", "todo", "todo")
		pages.Expect(s.GetByRole("heading", pages.Name("no such heading"))).ToHaveTexts()
		pages.Expect(s.GetByRole("listitem").FilterHasText("milk")).ToHaveTexts("Buy milk")
	})

	t.Run("classes", func(t *testing.T) {
		s := openFixture(t, b, base, "/assert.html", 5*time.Second)
		items := s.Locator("#todos li")
		pages.Expect(items.First()).ToHaveClass("todo completed")
		pages.Expect(items.First()).ToContainClass("completed todo")
		pages.Expect(items.First()).Not().ToHaveClass("todo")
		pages.Expect(items.Nth(2)).ToHaveClass("todo") // the attribute's spaces do not count
		pages.Expect(items.Nth(1)).Not().ToContainClass("completed")
		pages.Expect(s.Locator("#plain")).ToHaveClass("")
		pages.Expect(s.Locator("#plain")).Not().ToHaveClass("todo")
		pages.Expect(s.Locator("#plain")).ToContainClass("")
		pages.Expect(items).ToHaveClasses("todo completed", "todo", "todo")
	})

	t.Run("fail", func(t *testing.T) {
		s := openFixture(t, b, base, "/assert.html", short)
		todos := s.GetByRole("listitem")
		for _, c := range []struct {
			name   string
			assert func()
			want   string
		}{
			{"texts, too few", func() { pages.Expect(todos).ToHaveTexts("Buy milk", "Walk the dog") },
				`page: expected listitem to have texts ["Buy milk", "Walk the dog"], last seen ["Buy milk", "Walk the dog", "Pay bills"] (polled 300ms)`},
			{"texts, one differs", func() { pages.Expect(todos).ToHaveTexts("Buy milk", "Walk the cat", "Pay bills") },
				`page: expected listitem to have texts ["Buy milk", "Walk the cat", "Pay bills"], last seen ["Buy milk", "Walk the dog", "Pay bills"] (polled 300ms)`},
			{"texts, none", func() { pages.Expect(s.GetByRole("heading", pages.Name("nope"))).ToHaveTexts("A") },
				`page: expected heading "nope" to have texts ["A"], last seen [] (polled 300ms)`},
			{"not texts", func() { pages.Expect(todos).Not().ToHaveTexts("Buy  milk", "Walk the dog", "Pay bills") },
				`page: expected listitem not to have texts ["Buy milk", "Walk the dog", "Pay bills"], last seen ["Buy milk", "Walk the dog", "Pay bills"] (polled 300ms)`},
			{"contain texts, order", func() { pages.Expect(todos).ToContainTexts("bills", "milk") },
				`page: expected listitem to contain texts ["bills", "milk"], last seen ["Buy milk", "Walk the dog", "Pay bills"] (polled 300ms)`},
			{"not contain texts", func() { pages.Expect(todos).Not().ToContainTexts("milk", "bills") },
				`page: expected listitem not to contain texts ["milk", "bills"], last seen ["Buy milk", "Walk the dog", "Pay bills"] (polled 300ms)`},
			{"classes", func() { pages.Expect(todos).ToHaveClasses("todo", "todo", "todo") },
				`page: expected listitem to have classes ["todo", "todo", "todo"], last seen ["todo completed", "todo", "todo"] (polled 300ms)`},
			{"not classes", func() { pages.Expect(todos).Not().ToHaveClasses("todo completed", "todo", "todo") },
				`page: expected listitem not to have classes ["todo completed", "todo", "todo"], last seen ["todo completed", "todo", "todo"] (polled 300ms)`},
			{"one text of several", func() { pages.Expect(todos).ToHaveText("Buy milk") },
				`page: listitem matches 3 elements: <li> listitem "Buy milk", <li> listitem "Walk the dog", <li> listitem "Pay bills"; pick one with First, Last, Nth or a narrower locator`},
			{"class of none", func() { pages.Expect(s.Locator("#plain")).ToHaveClass("todo") },
				`page: expected css "#plain" to have class "todo", last seen class "" (polled 300ms)`},
			{"not empty class", func() { pages.Expect(s.Locator("#plain")).Not().ToHaveClass("") },
				`page: expected css "#plain" not to have class "", last seen class "" (polled 300ms)`},
			{"contain class", func() { pages.Expect(todos.Nth(1)).ToContainClass("completed") },
				`page: expected listitem [nth=1] to contain class "completed", last seen class "todo" (polled 300ms)`},
		} {
			assert.Equal(t, c.want, failure(s, c.assert), c.name)
		}
	})
}
