// Package spinflag waits for a flag in an empty loop, which staticcheck
// reports (SA5002) and go vet does not.
package spinflag

type flag struct{ set bool }

func (f *flag) wait() {
	for !f.set {
	}
}

var _ = (*flag).wait
