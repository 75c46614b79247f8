//go:build deadlock

package syncutil

import "github.com/sasha-s/go-deadlock"

// Deadlock reports whether the mutexes are go-deadlock's (built with
// -tags deadlock).
const Deadlock = true

// A Mutex is go-deadlock's Mutex; sync.Mutex without -tags deadlock.
type Mutex = deadlock.Mutex

// An RWMutex is go-deadlock's RWMutex; sync.RWMutex without -tags
// deadlock.
type RWMutex = deadlock.RWMutex
