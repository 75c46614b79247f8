package prodcons_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/internal/prodconstest"
	"github.com/racelab/racelab/prodcons"
)

func TestPanicConsumerCloses(t *testing.T) {
	conctest.Prove(t, conctest.Panic, "prodcons.ConsumerCloses", deliver(prodcons.ConsumerCloses, fewItems, 2, prodconstest.Fail))
}

func TestPanicEachProducerCloses(t *testing.T) {
	conctest.Prove(t, conctest.Panic, "close of closed channel", deliver(prodcons.EachProducerCloses, fewItems, 2, prodconstest.Together))
}

// The twin is EachProducerCloses, whose producers each close the channel
// when they stop, at every end: the second close panics, or a send after
// the first does. (ConsumerCloses panics only at the fail end.)
func TestNoPanicOwnerCloses(t *testing.T) {
	for _, e := range append(ends, struct {
		name string
		end  prodconstest.End
	}{"together", prodconstest.Together}) {
		t.Run(e.name, func(t *testing.T) {
			conctest.ProveClean(t, deliver(prodcons.OwnerCloses, manyItems, manyWorkers, e.end), conctest.Bubble(),
				conctest.Twin(conctest.Panic, "prodcons.EachProducerCloses.func1", deliver(prodcons.EachProducerCloses, manyItems, manyWorkers, e.end)))
		})
	}
}

func ExampleOwnerCloses() {
	var n atomic.Int64
	err := prodcons.OwnerCloses(context.Background(), prodcons.NewSource(1000), 3, func(int) error {
		n.Add(1)
		return nil
	})
	fmt.Println(n.Load(), err)
	// Output: 1000 <nil>
}
