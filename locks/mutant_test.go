package locks

// One-line mutations of the fixes, for the proofs whose broken variant
// cannot run, or cannot show the edge the proof checks: a fix's proof
// runs its workload on one of these as its Twin. Each embeds or copies
// the fix and differs from it in one line, marked.

// PointerReceiverUnlocked is PointerReceiver with its Add's lock dropped.
// It stands in for CopyValue, the broken form, which go vet rejects and
// so lives in testdata, where no test can run it.
type PointerReceiverUnlocked struct{ PointerReceiver }

func (g *PointerReceiverUnlocked) Add(d int) { g.n += d } // mutated: g.mu.Lock(); defer g.mu.Unlock()

// TransferByIDFirstOnly is TransferByID that locks only the account with
// the lower ID. TransferInCallOrder, the broken form, locks both accounts,
// so TransfersIntoHeld finds nothing wrong with it; this mutation is the
// twin there: paying into account 3 from account 1 or 2, it holds only
// that account's lock, and nothing keeps it off account 3's balance.
func TransferByIDFirstOnly(from, to *Account, n int) {
	first, second := from, to
	if second.ID < first.ID {
		first, second = second, first
	}
	first.mu.Lock()
	defer first.mu.Unlock()
	// mutated: second.mu.Lock(); defer second.mu.Unlock()
	from.balance -= n
	to.balance += n
}
