//go:build unix

package conctest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The misuses that need Unix processes: sessions and signals.

// A process fn starts, holding the child's stderr, kept the parent
// waiting past every deadline.
func TestGrandchildHoldingOutputDoesNotHoldTheProof(t *testing.T) {
	const pidEnv = "CONCTEST_TEST_GRANDCHILD"
	if !inChild() {
		pidFile := filepath.Join(t.TempDir(), "pid")
		t.Setenv(pidEnv, pidFile) // the child inherits it
		t.Cleanup(func() {
			if b, err := os.ReadFile(pidFile); err == nil {
				pid, _ := strconv.Atoi(string(b))
				_ = syscall.Kill(pid, syscall.SIGKILL)
			}
		})
	}
	r := Diagnose(t, func() error {
		cmd := exec.Command("sh", "-c", "sleep 3; echo late >&2")
		cmd.Stderr = os.Stderr
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true} // out of the child's group
		if err := cmd.Start(); err != nil {
			return err
		}
		return os.WriteFile(os.Getenv(pidEnv), []byte(strconv.Itoa(cmd.Process.Pid)), 0o600)
	})
	assert.NotContains(t, r.Output, "late", "the parent stopped reading once the child had gone")
	assert.Empty(t, r.Incomplete)
	assert.Equal(t, []Verdict{Clean}, r.Verdicts())
}
