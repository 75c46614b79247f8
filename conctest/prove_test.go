package conctest

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// One proof per verdict, on the controls in selftest_test.go.

func TestRaceControl(t *testing.T) { Prove(t, Race, "conctest.racyIncrement", racyIncrement) }

// The race detector's log_path lives in the child's temporary directory,
// under TMPDIR, which may hold a space: GORACE splits its options at one.
func TestRaceControlWithSpaceInTMPDIR(t *testing.T) {
	// Not t.TempDir: its first call fixes the test's directory, and the
	// child's must be made under the spaced TMPDIR.
	tmp, err := os.MkdirTemp("", "a b")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(tmp) })
	t.Setenv("TMPDIR", tmp)
	Prove(t, Race, "conctest.racyIncrement", racyIncrement)
}

func TestNoRaceControl(t *testing.T) {
	ProveClean(t, lockedIncrement, Bubble())
}
func TestLeakControl(t *testing.T)      { Prove(t, Leak, "conctest.leakySend", leakySend) }
func TestLockOrderControl(t *testing.T) { Prove(t, LockOrder, "conctest.lockPair", lockBothWays) }
func TestRecursiveControl(t *testing.T) { Prove(t, Recursive, "conctest.lockTwice", lockTwice) }
func TestLockTimeoutControl(t *testing.T) {
	Prove(t, LockTimeout, "conctest.lockHeldElsewhere", lockHeldElsewhere)
}
func TestBlockedControl(t *testing.T) { Prove(t, Blocked, "conctest.waitForever", waitForever) }
func TestPanicControl(t *testing.T)   { Prove(t, Panic, "conctest.closeTwice", closeTwice) }
func TestLostControl(t *testing.T)    { Prove(t, Lost, "wrongTotal", wrongTotal) }

// The watchdog's 1.5 s is a wait, not work: it runs beside the others.
func TestHangControl(t *testing.T) {
	t.Parallel()
	Prove(t, Hang, "conctest.waitForever", waitForever)
}
