package flaky

import (
	"sync"
	"time"
)

// A batch collects lines and hands them to Write: one interval after the
// first line of a batch, or on Close, whichever comes first. The
// goroutine Add starts waits for the batch's timer.
type batch struct {
	Every time.Duration
	Write func([]string)

	mu    sync.Mutex
	lines []string
	timer *time.Timer // of the batch being collected, or nil
}

func (b *batch) Add(line string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.lines = append(b.lines, line)
	if b.timer == nil {
		t := time.NewTimer(b.Every)
		b.timer = t
		go func() {
			<-t.C // waits for the timer to fire
			b.Flush()
		}()
	}
}

// Flush writes the lines collected so far, if any.
func (b *batch) Flush() {
	b.mu.Lock()
	lines := b.lines
	b.lines, b.timer = nil, nil
	b.mu.Unlock()
	if len(lines) > 0 {
		b.Write(lines)
	}
}

// StopBatcher stops the batch's timer on Close, "so that it does not fire
// for nothing".
//
// Broken: Stop does not close the timer's channel. When Close comes
// within one interval of a batch's first line, the timer never fires, and
// the goroutine Add started waits for it forever. Most batches are older
// than that, so it shows now and then. goleak lists the goroutine, in
// batch.Add.
type StopBatcher struct{ batch }

func NewStopBatcher(every time.Duration, write func([]string)) *StopBatcher {
	return &StopBatcher{batch{Every: every, Write: write}}
}

func (b *StopBatcher) Close() {
	b.mu.Lock()
	if b.timer != nil {
		b.timer.Stop() // Add's goroutine still waits for the timer
	}
	b.mu.Unlock()
	b.Flush()
}

// FireBatcher leaves the timer alone on Close.
//
// Fixed: the timer fires at most one interval after Close, and the
// goroutine then finds nothing left to write and ends. (time.AfterFunc,
// whose Stop leaves no goroutine waiting, is the other way out.) Clean
// under every detector: goleak, and a bubble's fake clock, wait for the
// timer.
type FireBatcher struct{ batch }

func NewFireBatcher(every time.Duration, write func([]string)) *FireBatcher {
	return &FireBatcher{batch{Every: every, Write: write}}
}

func (b *FireBatcher) Close() { b.Flush() }
