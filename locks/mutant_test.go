package locks

// One-line mutations of the fixes, for the proofs whose broken variant
// cannot run: a fix's proof runs its workload on one of these as its
// Twin. Each embeds the fix and differs from it in one line, marked.

// PointerReceiverUnlocked is PointerReceiver with its Add's lock dropped.
// It stands in for CopyValue, the broken form, which go vet rejects and
// so lives in testdata, where no test can run it.
type PointerReceiverUnlocked struct{ PointerReceiver }

func (g *PointerReceiverUnlocked) Add(d int) { g.n += d } // mutated: g.mu.Lock(); defer g.mu.Unlock()
