package flaky

import (
	"sync"
	"time"
)

// A Conn is a connection to a server.
type Conn struct{ Addr string }

// A client dials its connection on first use, from whichever goroutine
// needs it first: the caller's requests, or the keepalive that pings the
// server every interval until Close.
type client struct {
	Dial func() *Conn

	mu   sync.Mutex
	conn *Conn
	stop chan struct{}
	done chan struct{}
}

// keepalive gets the connection every interval, until Close.
func (c *client) keepalive(every time.Duration, conn func() *Conn) {
	c.stop, c.done = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(c.done)
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-c.stop:
				return
			case <-tick.C:
				_ = conn().Addr // ping
			}
		}
	}()
}

func (c *client) Close() {
	close(c.stop)
	<-c.done
}

// DoubleChecked is a client whose Conn checks for the connection without
// the lock first, "so that the common case does not lock".
//
// Broken: the read outside the lock is not ordered with the write inside
// it: a goroutine may see the pointer but not the Conn it points to
// (Go's memory model promises nothing without synchronization). It shows
// when a keepalive tick comes during a request, a slow one. The race
// detector reports both accesses, in DoubleChecked.Conn.
type DoubleChecked struct{ client }

func NewDoubleChecked(dial func() *Conn, every time.Duration) *DoubleChecked {
	c := &DoubleChecked{client{Dial: dial}}
	c.keepalive(every, c.Conn)
	return c
}

func (c *DoubleChecked) Conn() *Conn {
	if c.conn == nil { // read without the lock
		c.mu.Lock()
		if c.conn == nil {
			c.conn = c.Dial()
		}
		c.mu.Unlock()
	}
	return c.conn
}

// OnceConn is a client that dials in a sync.Once.
//
// Fixed: Once.Do returns only after the dial has happened, in whichever
// goroutine ran it: its write happens before every Do's return. Clean
// under every detector.
type OnceConn struct {
	client
	once sync.Once
}

func NewOnceConn(dial func() *Conn, every time.Duration) *OnceConn {
	c := &OnceConn{client: client{Dial: dial}}
	c.keepalive(every, c.Conn)
	return c
}

func (c *OnceConn) Conn() *Conn {
	c.once.Do(func() { c.conn = c.Dial() })
	return c.conn
}
