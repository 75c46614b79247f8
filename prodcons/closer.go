package prodcons

import (
	"cmp"
	"context"
	"sync"
)

// ConsumerCloses has its consumer close the channel at the first error,
// to tell the producers to stop.
//
// Broken: a producer waiting in its send, or reaching its next one, finds
// the channel closed, and a send on a closed channel panics: "send on
// closed channel" kills the whole program; and when every producer has
// already finished, the goroutine that closes after them closes it a
// second time: "close of closed channel". Only the sending side may
// close, because only it knows that no send is left. The runtime reports
// one or the other on every run; the race detector usually reports the
// close unordered with the send, but can miss it when the two run at the
// same instant. (Had the producers also selected on a context, the panic
// would depend on which ready case select picks.)
func ConsumerCloses(ctx context.Context, src *Source, producers int, handle func(int) error) error {
	items := make(chan int)
	var wg sync.WaitGroup
	for range producers {
		wg.Go(func() {
			for item, ok := src.Next(); ok; item, ok = src.Next() {
				items <- item // panics once the consumer has closed
			}
		})
	}
	go func() { wg.Wait(); close(items) }()
	for item := range items {
		if err := handle(item); err != nil {
			close(items) // "stop sending": the producers' next send panics
			return err
		}
	}
	return ctx.Err()
}

// EachProducerCloses has every producer close the channel when it runs
// out of items.
//
// Broken: the first producer to finish closes the channel; the second
// close panics with "close of closed channel" (or, if the second producer
// still had an item to send, "send on closed channel"). The runtime
// reports it; the tests make both producers run out at the same moment so
// that it is always the close.
func EachProducerCloses(ctx context.Context, src *Source, producers int, handle func(int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	items := make(chan int)
	for range producers {
		go func() {
			defer close(items) // every producer closes: the second close panics
			produce(ctx, src, items)
		}()
	}
	return drain(ctx, items, handle, cancel)
}

// OwnerCloses gives the channel one owner, which closes it once the
// producers' WaitGroup says every send is done; the consumer stops the
// producers by cancelling a context, never by closing.
//
// Fixed: every send happens before wg.Done, which happens before Wait
// returns, which happens before the close: no send can follow it, and
// there is one close. Clean under every detector.
func OwnerCloses(ctx context.Context, src *Source, producers int, handle func(int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	items := make(chan int)
	var wg sync.WaitGroup
	for range producers {
		wg.Go(func() { produce(ctx, src, items) })
	}
	go func() { wg.Wait(); close(items) }() // the one owner closes, after the last send
	return drain(ctx, items, handle, cancel)
}

// produce sends items from src until it runs out or the context is done.
func produce(ctx context.Context, src *Source, items chan<- int) {
	for item, ok := src.Next(); ok; item, ok = src.Next() {
		select {
		case items <- item:
		case <-ctx.Done():
			return
		}
	}
}

// drain handles items until the channel is closed. After the first error
// it cancels the producers and receives the rest unhandled, so that no
// producer is left blocked in a send.
func drain(ctx context.Context, items <-chan int, handle func(int) error, cancel context.CancelFunc) error {
	var err error
	for item := range items {
		if err == nil {
			if err = handle(item); err != nil {
				cancel()
			}
		}
	}
	return cmp.Or(err, ctx.Err())
}
