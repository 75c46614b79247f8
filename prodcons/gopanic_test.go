package prodcons_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/internal/prodconstest"
	"github.com/racelab/racelab/prodcons"
)

func TestPanicGroupNoRecover(t *testing.T) {
	conctest.Prove(t, conctest.Panic, "prodcons.GroupNoRecover.Gather", gather(prodcons.GroupNoRecover{}, fewItems, fewWorkers, prodconstest.Panic))
}

func TestNoPanicGroupRecover(t *testing.T) {
	conctest.ProveClean(t, gather(prodcons.GroupRecover{}, manyItems, manyWorkers, prodconstest.Panic), conctest.Bubble(),
		conctest.Twin(conctest.Panic, "prodcons.GroupNoRecover.Gather", gather(prodcons.GroupNoRecover{}, manyItems, manyWorkers, prodconstest.Panic)))
}

func ExampleGroupRecover() {
	scale := func(_ context.Context, i int) (int, error) {
		return 12 / (i - 2), nil // a bug on one input: item 2 divides by zero
	}
	_, err := prodcons.GroupRecover{}.Gather(context.Background(), 4, 2, scale)
	first, _, _ := strings.Cut(err.Error(), "\n") // the stack follows
	fmt.Println(first)
	// Output: recovered panic: runtime error: integer divide by zero
}
