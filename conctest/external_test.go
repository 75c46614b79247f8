package conctest_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/racelab/racelab/conctest"
)

// This file uses conctest as another module would: from outside the
// package, on code that is not part of racelab. Its TestMain is the
// package's, conctest.Main.

// hits counts page views per path, as a web server's middleware might.
type hits struct {
	mu sync.Mutex
	m  map[string]int
}

func (h *hits) addUnlocked(path string) { h.m[path]++ } // the bug: no lock

func (h *hits) add(path string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.m[path]++
}

func countViews(add func(*hits, string)) error {
	h := &hits{m: map[string]int{}}
	var wg sync.WaitGroup
	for _, p := range []string{"/", "/a"} {
		wg.Go(func() { add(h, p) })
	}
	wg.Wait()
	if h.m["/"]+h.m["/a"] != 2 {
		return errors.New("hits: views lost")
	}
	return nil
}

// firstResult returns the first of two mirrors' answers. The slower
// mirror's send blocks forever on the unbuffered channel: a leak.
func firstResult(ctx context.Context, buffered bool) error {
	ch := make(chan string)
	if buffered {
		ch = make(chan string, 2)
	}
	for _, m := range []string{"mirror-a", "mirror-b"} {
		go func() { ch <- m }()
	}
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func TestRaceExternalHits(t *testing.T) {
	conctest.Prove(t, conctest.Race, "conctest_test.(*hits).addUnlocked", func() error {
		return countViews((*hits).addUnlocked)
	})
}

func TestNoRaceExternalHits(t *testing.T) {
	conctest.ProveClean(t, func() error { return countViews((*hits).add) })
}

func TestLeakExternalFirstResult(t *testing.T) {
	conctest.Prove(t, conctest.Leak, "conctest_test.firstResult", func() error {
		return firstResult(context.Background(), false)
	})
}

func TestNoLeakExternalFirstResult(t *testing.T) {
	conctest.ProveClean(t, func() error { return firstResult(context.Background(), true) }, conctest.Bubble())
}

// Diagnose answers "what is wrong here?" for a reproduction of unknown
// class: every detector's verdict in one call.
func TestDiagnoseExternal(t *testing.T) {
	r := conctest.Diagnose(t, func() error { return firstResult(context.Background(), false) }, conctest.Bubble())
	t.Logf("what the detectors said:\n%s", r)
	if got := r.Said(conctest.Goleak); len(got) != 1 || got[0] != conctest.Leak {
		t.Errorf("Diagnose(firstResult).Said(goleak) = %v, want [Leak]", got)
	}
	if got := r.Said(conctest.Synctest); len(got) != 1 || got[0] != conctest.Blocked {
		t.Errorf("Diagnose(firstResult).Said(synctest) = %v, want [Blocked]", got)
	}
}
