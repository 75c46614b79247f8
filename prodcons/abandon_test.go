package prodcons_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/internal/prodconstest"
	"github.com/racelab/racelab/prodcons"
)

// One consumer: with more, the others may drain every item before the
// failed one has cancelled them, and the producer would finish.
func TestLeakPlainSend(t *testing.T) {
	conctest.Prove(t, conctest.Leak, "prodcons.PlainSend.func1", deliver(prodcons.PlainSend, fewItems, 1, prodconstest.Fail))
}

func TestNoLeakSelectDone(t *testing.T) {
	for _, e := range ends {
		t.Run(e.name, func(t *testing.T) {
			conctest.ProveClean(t, deliver(prodcons.SelectDone, manyItems, manyWorkers, e.end), conctest.Bubble(),
				abandonTwin(e.end, "prodcons.SelectDoneUnclosed", prodcons.SelectDoneUnclosed))
		})
	}
}

func TestNoLeakErrGroup(t *testing.T) {
	for _, e := range ends {
		t.Run(e.name, func(t *testing.T) {
			conctest.ProveClean(t, deliver(prodcons.ErrGroup, manyItems, manyWorkers, e.end), conctest.Bubble(),
				abandonTwin(e.end, "prodcons.ErrGroupUnclosed", prodcons.ErrGroupUnclosed))
		})
	}
}

// abandonTwin runs the same workload on PlainSend, whose producer is left
// blocked once the consumers stop early. At the complete end nothing
// stops early and PlainSend is correct, so there the twin is the fix with
// its close removed (unclosed, named blame): the consumers are left
// blocked instead.
func abandonTwin(end prodconstest.End, blame string, unclosed prodconstest.Pipeline) conctest.Option {
	if end == prodconstest.Complete {
		return conctest.Twin(conctest.Blocked, blame, deliver(unclosed, manyItems, manyWorkers, end))
	}
	return conctest.Twin(conctest.Blocked, "prodcons.PlainSend.func1", deliver(prodcons.PlainSend, manyItems, manyWorkers, end))
}

// A search: the first match stops the consumers, and the producer with
// them.
func ExampleErrGroup() {
	errFound := errors.New("found")
	err := prodcons.ErrGroup(context.Background(), prodcons.NewSource(1_000_000), 4, func(item int) error {
		if item == 42 {
			return errFound
		}
		return nil
	})
	fmt.Println(err)
	// Output: found
}
