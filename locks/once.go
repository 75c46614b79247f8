package locks

import "sync"

// loadRates stands for an expensive load done once, on first use: a
// file read, a query.
func loadRates() map[string]int {
	return map[string]int{"EUR": 100, "USD": 108, "GBP": 85}
}

// DoubleChecked loads its table on first use with double-checked
// locking: a nil check without the lock, to skip locking once loaded,
// and the same check again under it.
//
// Broken: the first check reads m without the lock while the goroutine
// that loads writes it under the lock; nothing orders the two, so it is
// a data race, and the Go memory model's own example of the idiom says
// why it matters: a goroutine that sees m set need not see the writes
// that filled the table. The race detector reports Rate's unlocked read
// against the write on every run in which two goroutines call Rate on a
// fresh table.
type DoubleChecked struct {
	mu sync.Mutex
	m  map[string]int
}

func (c *DoubleChecked) Rate(currency string) int {
	if c.m == nil { // read without the lock: races with the write below
		c.mu.Lock()
		if c.m == nil {
			c.m = loadRates()
		}
		c.mu.Unlock()
	}
	return c.m[currency]
}

// OnceInit loads its table in a sync.Once, which every call goes
// through.
//
// Fixed: the return from the func that loads is synchronized before
// the return from every call of Do (sync.Once's doc), so each Rate sees
// the table filled; once it is, Do is one atomic load of its done flag.
// Clean under every detector. For a package-level table, sync.OnceValue(loadRates) is the
// same in one line.
type OnceInit struct {
	once sync.Once
	m    map[string]int
}

func (c *OnceInit) Rate(currency string) int {
	c.once.Do(func() { c.m = loadRates() }) // every call, loaded or not
	return c.m[currency]
}
