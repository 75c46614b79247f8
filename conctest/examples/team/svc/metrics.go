package svc

import (
	"sync"
	"time"
)

// Metrics records what the service did, for the dashboards.
type Metrics struct {
	mu       sync.Mutex
	requests int
	latency  time.Duration
	errors   int
	lastErr  string
}

// Observe records one request. It is the 1.4 version: it counts a failed
// request's error after unlocking, so two failures at once race
// (INC-248). Kept for its regression test; use ObserveLocked.
func (m *Metrics) Observe(d time.Duration, err error) {
	m.mu.Lock()
	m.requests++
	m.latency += d
	m.mu.Unlock()
	if err != nil {
		m.recordError(err)
	}
}

// ObserveLocked records one request, safe for concurrent use.
func (m *Metrics) ObserveLocked(d time.Duration, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests++
	m.latency += d
	if err != nil {
		m.recordError(err)
	}
}

// recordError counts err. The caller holds m.mu.
func (m *Metrics) recordError(err error) {
	m.errors++
	m.lastErr = err.Error()
}

// Snapshot is what the dashboards read.
type Snapshot struct {
	Requests int
	Errors   int
	Mean     time.Duration
	LastErr  string
}

// Snapshot returns the counts so far.
func (m *Metrics) Snapshot() Snapshot {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := Snapshot{Requests: m.requests, Errors: m.errors, LastErr: m.lastErr}
	if m.requests > 0 {
		s.Mean = m.latency / time.Duration(m.requests)
	}
	return s
}
