package flaky

import (
	"sync"
	"time"
)

// A cache holds values for a while: Set schedules each key's expiry with
// time.AfterFunc, and Close cancels the expiries still pending.
type cache struct {
	TTL time.Duration

	mu     sync.Mutex
	m      map[string]string
	timers []*time.Timer
}

func (c *cache) Get(key string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[key]
	return v, ok
}

func (c *cache) set(key, value string, expire func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]string{}
	}
	c.m[key] = value
	c.timers = append(c.timers, time.AfterFunc(c.TTL, expire))
}

func (c *cache) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, t := range c.timers {
		t.Stop()
	}
}

// ExpireUnlocked is a cache whose expiry callback deletes the key as if
// it ran where Set did.
//
// Broken: an AfterFunc callback runs in a goroutine of its own, so its
// delete races with every Get and Set made after the timer was set. It
// shows only when an entry expires before Close. The race detector
// reports the map write in ExpireUnlocked.Set's callback (without -race,
// the runtime may crash with "concurrent map writes").
type ExpireUnlocked struct{ cache }

func NewExpireUnlocked(ttl time.Duration) *ExpireUnlocked { return &ExpireUnlocked{cache{TTL: ttl}} }

func (c *ExpireUnlocked) Set(key, value string) {
	c.set(key, value, func() {
		delete(c.m, key) // on the timer's goroutine, without c.mu
	})
}

// ExpireLocked is a cache whose expiry callback locks, as any other
// goroutine must.
//
// Fixed: the callback's delete is ordered with every other access by
// c.mu. Clean under every detector.
type ExpireLocked struct{ cache }

func NewExpireLocked(ttl time.Duration) *ExpireLocked { return &ExpireLocked{cache{TTL: ttl}} }

func (c *ExpireLocked) Set(key, value string) {
	c.set(key, value, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		delete(c.m, key)
	})
}
