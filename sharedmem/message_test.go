package sharedmem_test

import (
	"strings"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/internal/sharedmemtest"
	"github.com/racelab/racelab/internal/worker"
	"github.com/racelab/racelab/sharedmem"
)

func double(x int) int { return 2 * x }

// refused is what only send's guard says of a FuncTask: the field it
// refuses, and why. Submit's other errors name the task's type too (no
// reply from the worker, a wrong answer), so the type alone proves nothing.
const refused = "cannot send sharedmem.FuncTask.Fn, a func(int) int, to another process"

func TestLostFuncTask(t *testing.T) {
	conctest.Prove(t, conctest.Lost, refused, submit(sharedmem.FuncTask{Fn: double, X: 21}))
}

func TestNoLostOpTask(t *testing.T) {
	conctest.ProveClean(t, submit(sharedmem.OpTask{Op: "double", X: 21}),
		conctest.Twin(conctest.Lost, refused, submit(sharedmem.FuncTask{Fn: double, X: 21})))
}

// Without the guard, gob drops Fn, the worker calls a nil func and dies,
// and Submit says only that no reply came: still Lost, and a blame of the
// type alone would still pass, but TestLostFuncTask's fails.
func TestLostFuncTaskNeedsTheGuard(t *testing.T) {
	t.Cleanup(worker.Unguard())
	r := conctest.Diagnose(t, submit(sharedmem.FuncTask{Fn: double, X: 21}))
	if err := r.Check(conctest.Lost, "sharedmem.FuncTask: no reply from the worker"); err != nil {
		t.Fatalf("Submit(FuncTask) without the guard: want Lost with no reply from the worker: %v", err)
	}
	if err := r.Check(conctest.Lost, refused); err == nil {
		t.Errorf("Submit(FuncTask) without the guard: the proof's blame %q still matches\n%s", refused, r.Excerpt())
	}
}

// The lambda is refused before a byte is written: the error names the
// field, and the worker reports that nothing reached it.
func TestFuncTaskRefusedBeforeAnyByte(t *testing.T) {
	err := sharedmemtest.Submit(sharedmem.FuncTask{Fn: double, X: 21})
	for _, want := range []string{"the worker received 0 bytes", "sharedmem.FuncTask.Fn, a func(int) int"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Submit(FuncTask): got error %v, want one saying %q", err, want)
		}
	}
}
