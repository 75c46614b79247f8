package conctest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// recordEnv names a directory, fresh for the run, where each test
// process of a run leaves a record of each proof it made: see [Record].
const recordEnv = "CONCTEST_RECORD"

// A Record is what one call of Prove, ProveClean or Diagnose was asked
// and what its runs said, as a test process leaves it when the
// environment variable CONCTEST_RECORD names a directory: one JSON file
// per call, under a directory per package, written by the parent when
// the call's runs are done. A CI job can keep them as what each detector
// said of each proof; another test process of the same run can read
// them with [AwaitRecord] instead of making the same runs again (the
// catalog of racelab checks a fixed variant's cells on the run of its
// package's ProveClean).
type Record struct {
	Test   string  // the test that made the call, as t.Name() gives it
	Call   string  // "Prove", "ProveClean" or "Diagnose"
	Want   Verdict // Prove's verdict; Clean for ProveClean; "" for Diagnose
	Blame  string  // Prove's blame
	Bubble bool    // fn ran in a synctest bubble too (Prove: instead)
	// TwinWant and TwinBlame are the finding the call's Twin must give;
	// "" for a call without one.
	TwinWant  Verdict `json:",omitempty"`
	TwinBlame string  `json:",omitempty"`
	// Watchdog is how long a run had before the watchdog called it a
	// Hang, and LockWait how long go-deadlock let a lock be waited on.
	Watchdog, LockWait time.Duration
	// Report is what fn's runs said, merged as Diagnose returns it; the
	// twin's run is its Twin, nil where the twin did not run.
	Report *Report
}

// doneName is the file a package's directory of records gets when its
// test process has run its tests: no record comes after it.
const doneName = "done"

// records numbers the records this process has left for each test, so
// that a second call in one test has a file of its own.
var records = struct {
	sync.Mutex
	n map[string]int
}{n: map[string]int{}}

// keepRecord leaves rec in the record directory, if there is one, for the
// package this test process tests. It is the parent's to call, once a
// call's runs are done; an error is told on t and changes no verdict.
func keepRecord(t testing.TB, rec Record) {
	dir := os.Getenv(recordEnv)
	if dir == "" || child != nil {
		return
	}
	pkg, err := os.Getwd() // go test runs a package's tests in its directory
	if err == nil {
		err = writeRecord(dir, pkg, rec)
	}
	if err != nil {
		t.Logf("conctest: the record of this call is not kept (%s): %v", recordEnv, err)
	}
}

func writeRecord(dir, pkgDir string, rec Record) error {
	records.Lock()
	records.n[rec.Test]++
	n := records.n[rec.Test]
	records.Unlock()
	b, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	return writeAtomically(recordPath(dir, pkgDir, rec.Test, n), b)
}

// writeAtomically writes b to path through a temporary file renamed
// into place, so that a reader never sees half of it.
func writeAtomically(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(b)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// recordPath is the file of the n-th call (from 1) that test made in the
// package in pkgDir.
func recordPath(dir, pkgDir, test string, n int) string {
	name := url.PathEscape(test)
	if n > 1 {
		name += fmt.Sprintf("#%d", n)
	}
	return filepath.Join(dir, url.PathEscape(filepath.Clean(pkgDir)), name+".json")
}

// markDone says, in the record directory, that this test process has
// run its tests.
func markDone() {
	dir := os.Getenv(recordEnv)
	if dir == "" || child != nil {
		return
	}
	if pkg, err := os.Getwd(); err == nil {
		_ = writeAtomically(filepath.Join(dir, url.PathEscape(filepath.Clean(pkg)), doneName), nil)
	}
}

// ErrNoRecord is AwaitRecord's error when the test process of the
// record's package has run its tests without leaving it: the test was
// skipped before its call, filtered out, or made no call.
var ErrNoRecord = errors.New("the package's tests ended without this record")

// AwaitRecord returns the record of the first call that the test named
// test (t.Name()) made in the package in directory pkgDir, left by
// another test process of the same run in the directory CONCTEST_RECORD
// names. It waits for the record until that process has run its tests
// (ErrNoRecord), or until ctx is done. In a child process of a proof it
// returns ErrNoRecord at once: a test that reaches a proof's call only
// where a record is missing makes that call in its child whatever the
// record directory holds by then, as its parent did.
func AwaitRecord(ctx context.Context, pkgDir, test string) (*Record, error) {
	dir := os.Getenv(recordEnv)
	if dir == "" {
		return nil, fmt.Errorf("no record directory: %s is not set", recordEnv)
	}
	if child != nil {
		return nil, ErrNoRecord
	}
	path := recordPath(dir, pkgDir, test, 1)
	done := filepath.Join(filepath.Dir(path), doneName)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		_, doneErr := os.Stat(done) // before the record: a record can come just before done
		b, err := os.ReadFile(path)
		switch {
		case err == nil:
			var rec Record
			if err := json.Unmarshal(b, &rec); err != nil {
				return nil, fmt.Errorf("%s: %v", path, err)
			}
			return &rec, nil
		case !errors.Is(err, os.ErrNotExist):
			return nil, err
		case doneErr == nil:
			return nil, ErrNoRecord
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("no record of %s in %s yet: %w", test, pkgDir, ctx.Err())
		case <-tick.C:
		}
	}
}

// doneM marks the record directory done once the tests have run.
type doneM struct{ m *testing.M }

func (d doneM) Run() int {
	code := d.m.Run()
	markDone()
	return code
}
