package sharedmem

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// The variants of this lesson are work for a worker process: Python's
// pool.apply(f, (x,)), which pickles f and x to send them. Do runs in
// the worker.

// FuncTask carries its work as a func: Python's
// `pool.apply(lambda x: 2 * x, (21,))`.
//
// Broken: code cannot cross a process boundary; only data can. Python
// fails with "Can't pickle <lambda>". gob does worse: it drops a func or
// chan field without a word, and the worker would get a nil Fn. So the
// workers' send (internal/worker's Send) refuses any message with a func
// or a chan in it, with an error that names the field, before a byte is
// written: the worker gets nothing, and the invariant (the worker's
// answer equals the local one) reports the lost task. No other detector
// sees anything.
type FuncTask struct {
	Fn func(int) int // code: gob cannot send it
	X  int
}

func (t FuncTask) Do() (int, error) { return t.Fn(t.X), nil }

// OpTask names its work instead, Op, from a table compiled into every
// process (ops): how pickle itself sends a module-level function, by
// name.
//
// Fixed: the message is data only, so it crosses the pipe whole, and the
// worker runs the same code the parent would have. Clean under every
// detector.
type OpTask struct {
	Op string // a key of ops
	X  int
}

func (t OpTask) Do() (int, error) {
	op, ok := ops[t.Op]
	if !ok {
		return 0, fmt.Errorf("sharedmem.OpTask: unknown op %q, want one of %s", t.Op, strings.Join(slices.Sorted(maps.Keys(ops)), ", "))
	}
	return op(t.X), nil
}

// ops is the work an OpTask can name.
var ops = map[string]func(int) int{
	"double": func(x int) int { return 2 * x },
	"square": func(x int) int { return x * x },
}
