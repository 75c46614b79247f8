// Package gate is a team's own code, in a module of its own, proven by
// conctest in its CI: a cache that counts its hits. It locks a plain
// sync.Mutex; CI also builds its tests with go-deadlock's in its place
// (conctest/cmd/swap), and go-deadlock judges that build.
package gate

import "sync"

// Cache maps keys to values and counts the lookups that found one.
type Cache struct {
	mu   sync.Mutex
	m    map[string]string
	hits int
}

func New() *Cache { return &Cache{m: map[string]string{}} }

func (c *Cache) Put(k, v string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[k] = v
}

// Get is the regression: it counts a hit after it has unlocked.
func (c *Cache) Get(k string) (string, bool) {
	c.mu.Lock()
	v, ok := c.m[k]
	c.mu.Unlock()
	if ok {
		c.hits++ // outside the lock
	}
	return v, ok
}

// GetLocked is the fix: the hit is counted under the lock.
func (c *Cache) GetLocked(k string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[k]
	if ok {
		c.hits++
	}
	return v, ok
}

// Refresh takes the lock and calls Put, which takes it again: the
// recursive locking go-deadlock reports in the go-deadlock build.
func (c *Cache) Refresh(k, v string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Put(k, v)
}
