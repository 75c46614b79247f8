package locks_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/racelab/racelab/internal/lockstest"
	"github.com/racelab/racelab/locks"
)

// BenchmarkReadRatio compares sync.RWMutex with sync.Mutex guarding one
// small map, at 50, 90 and 99 reads in 100 operations. Every goroutine of
// b.RunParallel (GOMAXPROCS of them: go test -cpu 1,2) uses the same map,
// so at -cpu 2 the locks are contended. An RWMutex lets readers in
// together but costs more per operation; whether that pays depends on
// the read ratio and on how long each reader holds the lock.
func BenchmarkReadRatio(b *testing.B) {
	for _, reads := range []int{50, 90, 99} {
		b.Run(fmt.Sprintf("reads=%d%%/Mutex", reads), func(b *testing.B) {
			var mu sync.Mutex
			m := filledMap()
			readRatio(b, reads,
				func(k int) { mu.Lock(); _ = m[k]; mu.Unlock() },
				func(k int) { mu.Lock(); m[k]++; mu.Unlock() })
		})
		b.Run(fmt.Sprintf("reads=%d%%/RWMutex", reads), func(b *testing.B) {
			var mu sync.RWMutex
			m := filledMap()
			readRatio(b, reads,
				func(k int) { mu.RLock(); _ = m[k]; mu.RUnlock() },
				func(k int) { mu.Lock(); m[k]++; mu.Unlock() })
		})
	}
}

func filledMap() map[int]int {
	m := make(map[int]int, 64)
	for k := range 64 {
		m[k] = k
	}
	return m
}

// readRatio runs read for reads of every 100 operations and write for the
// rest, on every goroutine of b.RunParallel.
func readRatio(b *testing.B, reads int, read, write func(k int)) {
	b.RunParallel(func(pb *testing.PB) {
		for i := 0; pb.Next(); i++ {
			if i%100 < reads {
				read(i % 64)
			} else {
				write(i % 64)
			}
		}
	})
}

// BenchmarkTransfer measures what the global lock order costs: one ID
// comparison per transfer. The sequential runs compare TransferByID with
// TransferInCallOrder, alternating directions in one goroutine; the
// parallel run moves money both ways at once on every goroutine, which
// only TransferByID survives (TransferInCallOrder would deadlock, so it
// has no parallel run). go-deadlock is off while benchmarks run.
func BenchmarkTransfer(b *testing.B) {
	for _, v := range []struct {
		name     string
		transfer lockstest.Transfer
	}{{"InCallOrder", locks.TransferInCallOrder}, {"ByID", locks.TransferByID}} {
		b.Run("sequential/"+v.name, func(b *testing.B) {
			x, y := locks.NewAccount(1, 0), locks.NewAccount(2, 0)
			for i := 0; b.Loop(); i++ {
				if i%2 == 0 {
					v.transfer(x, y, 1)
				} else {
					v.transfer(y, x, 1)
				}
			}
		})
	}
	b.Run("parallel/ByID", func(b *testing.B) {
		x, y := locks.NewAccount(1, 0), locks.NewAccount(2, 0)
		b.RunParallel(func(pb *testing.PB) {
			for i := 0; pb.Next(); i++ {
				if i%2 == 0 {
					locks.TransferByID(x, y, 1)
				} else {
					locks.TransferByID(y, x, 1)
				}
			}
		})
	})
}
