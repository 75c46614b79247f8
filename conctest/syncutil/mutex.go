//go:build !deadlock

package syncutil

import "sync"

// Deadlock reports whether the mutexes are go-deadlock's (built with
// -tags deadlock).
const Deadlock = false

// A Mutex is sync.Mutex; go-deadlock's under -tags deadlock.
type Mutex = sync.Mutex

// An RWMutex is sync.RWMutex; go-deadlock's under -tags deadlock.
type RWMutex = sync.RWMutex
