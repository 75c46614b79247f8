package flaky

import "time"

// A meter sends a reading on C every interval, until Stop.
type meter struct {
	C    chan float64
	stop chan struct{}
}

func newMeter() meter {
	return meter{C: make(chan float64), stop: make(chan struct{})}
}

// Readings returns C.
func (m *meter) Readings() <-chan float64 { return m.C }

// CloseOnStop is a meter whose Stop closes C, "so that readers' range
// loops end".
//
// Broken: Stop closes C while run may be between a tick and its send,
// waiting for a reader that has stopped reading. The send then panics
// with "send on closed channel". It shows only when a tick comes between
// the reader's last reading and its Stop. The runtime reports the panic,
// in CloseOnStop.run.
type CloseOnStop struct{ meter }

func StartCloseOnStop(every time.Duration, read func() float64) *CloseOnStop {
	m := &CloseOnStop{newMeter()}
	go m.run(every, read)
	return m
}

func (m *CloseOnStop) run(every time.Duration, read func() float64) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-m.stop:
			return
		case <-tick.C:
			m.C <- read() // Stop may close C while this waits
		}
	}
}

func (m *CloseOnStop) Stop() {
	close(m.stop)
	close(m.C)
}

// OwnerCloses is a meter whose sending goroutine closes C, when it
// returns; Stop only asks it to.
//
// Fixed: only the sender closes C, after its last send, and a send also
// gives up at Stop, so no send can follow the close. run may still be
// reading when Stop returns; it ends right after. Clean under every
// detector.
type OwnerCloses struct{ meter }

func StartOwnerCloses(every time.Duration, read func() float64) *OwnerCloses {
	m := &OwnerCloses{newMeter()}
	go m.run(every, read)
	return m
}

func (m *OwnerCloses) run(every time.Duration, read func() float64) {
	defer close(m.C) // the sender closes, after its last send
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-m.stop:
			return
		case <-tick.C:
			select {
			case m.C <- read():
			case <-m.stop:
				return
			}
		}
	}
}

func (m *OwnerCloses) Stop() { close(m.stop) }
