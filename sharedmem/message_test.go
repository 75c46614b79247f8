package sharedmem_test

import (
	"strings"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/sharedmem"
)

func double(x int) int { return 2 * x }

func TestLostFuncTask(t *testing.T) {
	conctest.Prove(t, conctest.Lost, "sharedmem.FuncTask", submit(sharedmem.FuncTask{Fn: double, X: 21}))
}

func TestNoLostOpTask(t *testing.T) {
	conctest.ProveClean(t, submit(sharedmem.OpTask{Op: "double", X: 21}))
}

// The lambda is refused before a byte is written: the error names the
// field, and the worker reports that nothing reached it.
func TestFuncTaskRefusedBeforeAnyByte(t *testing.T) {
	err := sharedmem.Submit(sharedmem.FuncTask{Fn: double, X: 21})
	for _, want := range []string{"the worker received 0 bytes", "sharedmem.FuncTask.Fn, a func(int) int"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Submit(FuncTask): got error %v, want one saying %q", err, want)
		}
	}
}
