package prodcons

import (
	"context"
	"sync/atomic"
)

// A Source hands out the items 0, 1, ..., n-1, each once, to any number
// of goroutines: the file or socket a producer reads.
type Source struct {
	n    int64
	next atomic.Int64
}

// NewSource returns a Source of n items.
func NewSource(n int) *Source { return &Source{n: int64(n)} }

// Next returns the next item, or false once every item has been handed
// out. A goroutine stops at the first false.
func (s *Source) Next() (int, bool) {
	if i := s.next.Add(1) - 1; i < s.n {
		return int(i), true
	}
	// every other producer may run out at this same moment
	return 0, false
}

// Len returns how many items the source holds in all.
func (s *Source) Len() int { return int(s.n) }

// Work computes one item's value: a fetch, a query, a computation.
type Work func(ctx context.Context, item int) (int, error)

// A Result is one item's value.
type Result struct{ Item, Value int }
