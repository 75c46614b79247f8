package counter

import "sync/atomic"

// PlainStatus holds a status line, set by a health checker and read by
// a status page, in a plain string field.
//
// Broken: a string is two words, a pointer and a length, and Set stores
// them one after the other while Get loads them one after the other.
// The Go memory model lets a race on a multiword value observe a mix of
// two writes, and a Get between Set's two stores returns the length of
// one status with the bytes of the other: a value no Set stored, which
// may read past the end of the shorter string. The race detector
// reports Get against Set on every run. The torn value itself is rare:
// without -race, on two cores, 100,000 Sets against 100,000 Gets tore
// in 100 of 100 runs, 10,000 in 56 and 1,000 in none; on one core, and
// under -race on either, none of 100 runs of 100,000 tore, so the
// invariant cannot prove it.
type PlainStatus struct {
	s string
}

func (st *PlainStatus) Set(s string) { st.s = s } // two words, stored one at a time

func (st *PlainStatus) Get() string {
	return st.s // two words, loaded one at a time
}

// AtomicStatus holds the status in an atomic.Value: Set stores, and Get
// loads, the whole string as one value.
//
// Fixed: Load returns the value of one Store, whole, and a Store is
// synchronized before the Load that observes it, so Get returns a
// status some Set stored, or "" before the first. Clean under every
// detector. atomic.Pointer[T] does the same for a pointer to a larger
// value (a config struct), and a mutex for several values at once.
type AtomicStatus struct {
	v atomic.Value
}

func (st *AtomicStatus) Set(s string) { st.v.Store(s) }

func (st *AtomicStatus) Get() string {
	s, _ := st.v.Load().(string) // "" before the first Set
	return s
}
