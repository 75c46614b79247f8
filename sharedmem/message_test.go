package sharedmem_test

import (
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
