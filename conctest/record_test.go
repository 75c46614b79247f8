package conctest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A ProveClean made with CONCTEST_RECORD set leaves its record: the call,
// its twin's finding, and what fn's runs and the twin's run said; the
// package's directory says done once its tests have run, and a test that
// made no call gets ErrNoRecord then, not a wait.
func TestProveCleanLeavesItsRecord(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(recordEnv, dir)
	t.Run("proof", func(t *testing.T) {
		ProveClean(t, lockedIncrement, Twin(Leak, "conctest.leakySend", leakySend))
	})
	if inChild() {
		return
	}
	wd, err := os.Getwd()
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	rec, err := AwaitRecord(ctx, wd, t.Name()+"/proof")
	require.NoError(t, err)
	assert.Equal(t, "ProveClean", rec.Call)
	assert.Equal(t, Clean, rec.Want)
	assert.Equal(t, Leak, rec.TwinWant)
	assert.Equal(t, "conctest.leakySend", rec.TwinBlame)
	assert.Equal(t, cleanWatchdog, rec.Watchdog)
	assert.Equal(t, cleanDeadlockTimeout, rec.LockWait)
	require.NotNil(t, rec.Report)
	assert.NoError(t, rec.Report.Check(Clean, ""), "fn's runs")
	require.NotNil(t, rec.Report.Twin, "the twin's run")
	assert.NoError(t, rec.Report.Twin.Check(Leak, "conctest.leakySend"))

	_, err = AwaitRecord(ctx, wd, t.Name()+"/no such call")
	assert.ErrorIs(t, err, context.DeadlineExceeded, "no record yet, and the package not done: it waits")
	ctx, cancel = context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	require.NoError(t, writeAtomically(filepath.Join(filepath.Dir(recordPath(dir, wd, "x", 1)), doneName), nil))
	_, err = AwaitRecord(ctx, wd, t.Name()+"/no such call")
	assert.ErrorIs(t, err, ErrNoRecord, "the package is done")
	rec, err = AwaitRecord(ctx, wd, t.Name()+"/proof")
	require.NoError(t, err, "a record left before done is read after it")
	assert.Equal(t, "ProveClean", rec.Call)
}

// A test's second call has a record of its own; AwaitRecord reads the
// first. Names with slashes and spaces stay apart.
func TestRecordsOfOneTest(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(recordEnv, dir)
	pkg := filepath.Join(t.TempDir(), "a pkg")
	for _, rec := range []Record{
		{Test: "TestX/a b", Call: "Prove", Want: Race},
		{Test: "TestX/a b", Call: "Diagnose"},
		{Test: "TestX/a", Call: "ProveClean"},
	} {
		require.NoError(t, writeRecord(dir, pkg, rec))
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	for test, call := range map[string]string{"TestX/a b": "Prove", "TestX/a": "ProveClean"} {
		rec, err := AwaitRecord(ctx, pkg, test)
		if assert.NoError(t, err, test) {
			assert.Equal(t, call, rec.Call, test)
		}
	}
	b, err := os.ReadFile(recordPath(dir, pkg, "TestX/a b", 2))
	require.NoError(t, err, "the second call's record")
	assert.Contains(t, string(b), `"Call":"Diagnose"`)
}

// Without CONCTEST_RECORD, nothing is kept and nothing can be awaited.
func TestNoRecordDirectory(t *testing.T) {
	t.Setenv(recordEnv, "")
	_, err := AwaitRecord(context.Background(), t.TempDir(), "TestX")
	require.Error(t, err)
	assert.False(t, errors.Is(err, ErrNoRecord))
	assert.Contains(t, err.Error(), recordEnv)
}
