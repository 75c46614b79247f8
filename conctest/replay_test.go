package conctest

import (
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
)

// A child re-runs only the way to its call: the test's body and the
// subtests that lead to it. It is handed the reports of the calls on
// that way, not those of sibling subtests, which it never runs (in the
// catalog those came to megabytes, parsed by every child).
func TestAChildIsHandedOnlyTheReportsOnItsWay(t *testing.T) {
	top := t.Name()
	t.Cleanup(func() {
		calls.Lock()
		delete(calls.results, top)
		calls.Unlock()
	})
	remember(t, top+"@x_test.go:1@f", &Report{})
	t.Run("a", func(t *testing.T) {
		remember(t, t.Name()+"@x_test.go:2@f", &Report{})
	})
	t.Run("b", func(t *testing.T) {
		remember(t, t.Name()+"@x_test.go:3@f", &Report{})
		t.Run("c", func(t *testing.T) {
			assert.Equal(t, []string{top + "/b@x_test.go:3@f", top + "@x_test.go:1@f"}, slices.Sorted(maps.Keys(earlier(t))))
		})
	})
}
