package conctest

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sasha-s/go-deadlock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) { Main(m) }

// Small programs with one known bug each, and their correct twins. They
// are the engine's own controls.

type account struct {
	mu  deadlock.Mutex
	bal int
}

func racyIncrement() error {
	var n int
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() { n++ })
	}
	wg.Wait()
	return nil
}

func lockedIncrement() error {
	var mu sync.Mutex
	var n int
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() { mu.Lock(); n++; mu.Unlock() })
	}
	wg.Wait()
	return nil
}

func leakySend() error {
	ch := make(chan int)
	go func() { ch <- 1 }() // nobody receives
	return nil
}

func lockTwice() error {
	var a account
	a.mu.Lock()
	a.mu.Lock() // recursive
	return nil
}

func lockBothWays() error {
	var a, b account
	lockPair(&a, &b)
	lockPair(&b, &a)
	return nil
}

func lockPair(x, y *account) {
	x.mu.Lock()
	y.mu.Lock()
	x.bal, y.bal = x.bal-1, y.bal+1
	y.mu.Unlock()
	x.mu.Unlock()
}

func lockHeldElsewhere() error {
	var a account
	held := make(chan struct{})
	go func() { a.mu.Lock(); close(held) }() // never unlocks
	<-held
	a.mu.Lock()
	return nil
}

func waitForever() error {
	ch := make(chan int)
	<-ch
	return nil
}

func closeTwice() error {
	ch := make(chan int)
	close(ch)
	close(ch)
	return nil
}

func wrongTotal() error { return errors.New("selftest.wrongTotal: got 1, want 2") }

func sleepBriefly() error { time.Sleep(time.Millisecond); return nil }

var record = flag.Bool("record", false, "rewrite testdata/*.txt from fresh runs of the controls")

// TestDiagnoseControls runs each control under every detector and checks
// what each detector said. It is the engine's own detector matrix.
func TestDiagnoseControls(t *testing.T) {
	race := Clean
	if raceEnabled {
		race = Race
	}
	tests := []struct {
		file string
		fn   func() error
		// detectors not named must be Clean. The leak profile is checked
		// only when the binary was built with its experiment; it does not
		// count a goroutine blocked on a mutex as leaked.
		want map[Detector][]Verdict
	}{
		{"race.txt", racyIncrement, map[Detector][]Verdict{RaceDetector: {race}}},
		{"", lockedIncrement, nil},
		{"leak.txt", leakySend, map[Detector][]Verdict{Goleak: {Leak}, Synctest: {Blocked}, LeakProfile: {Leak}}},
		{"lockorder.txt", lockBothWays, map[Detector][]Verdict{GoDeadlock: {LockOrder}}},
		{"recursive.txt", lockTwice, map[Detector][]Verdict{GoDeadlock: {Recursive, LockTimeout}, Goleak: {Leak}, Watchdog: {Hang}}},
		{"locktimeout.txt", lockHeldElsewhere, map[Detector][]Verdict{GoDeadlock: {LockTimeout}, Goleak: {Leak}, Watchdog: {Hang}}},
		{"hang.txt", waitForever, map[Detector][]Verdict{Goleak: {Leak}, Synctest: {Blocked}, Watchdog: {Hang}, LeakProfile: {Leak}}},
		{"panic.txt", closeTwice, map[Detector][]Verdict{Runtime: {Panic}}},
		{"lost.txt", wrongTotal, map[Detector][]Verdict{Invariant: {Lost}}},
		{"", sleepBriefly, nil},
	}
	for _, tt := range tests {
		name := strings.TrimSuffix(tt.file, ".txt")
		if name == "" {
			name = "clean"
		}
		t.Run(name+"/"+funcName(tt.fn), func(t *testing.T) {
			t.Parallel()
			r := Diagnose(t, tt.fn, Bubble())
			require.Empty(t, r.Incomplete)
			for _, d := range detectors {
				if d == Static || d == LeakProfile && !r.LeakProfileOn {
					continue
				}
				want := tt.want[d]
				if want == nil {
					want = []Verdict{Clean}
				}
				assert.Equal(t, want, r.Said(d), "%s said\n%s", d, r.Output)
			}
			if *record && tt.file != "" {
				require.NoError(t, os.WriteFile(filepath.Join("testdata", tt.file), []byte(r.Output), 0o644))
			}
		})
	}
}

func funcName(fn any) string {
	name := runtime.FuncForPC(reflect.ValueOf(fn).Pointer()).Name()
	return name[strings.LastIndex(name, ".")+1:]
}
