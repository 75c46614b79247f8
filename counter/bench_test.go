package counter_test

import (
	"testing"

	"github.com/racelab/racelab/counter"
	"github.com/racelab/racelab/internal/countertest"
	"github.com/racelab/racelab/internal/racebuild"
)

// BenchmarkInc measures one Inc under contention: every goroutine of
// b.RunParallel (GOMAXPROCS of them; go test -cpu 1,2) hammers the same
// counter. Unsync is the broken baseline the fixes pay against; it is
// left out under -race, where it would be reported.
func BenchmarkInc(b *testing.B) {
	variants := []struct {
		name string
		new  func() countertest.Counter
	}{
		{"Unsync", func() countertest.Counter { return new(counter.Unsync) }},
		{"Mutex", func() countertest.Counter { return new(counter.Mutex) }},
		{"Atomic", func() countertest.Counter { return new(counter.Atomic) }},
		{"CAS", func() countertest.Counter { return new(counter.CAS) }},
		{"Sharded", func() countertest.Counter { return new(counter.Sharded) }},
	}
	for _, v := range variants {
		b.Run(v.name, func(b *testing.B) {
			if v.name == "Unsync" && racebuild.Enabled {
				b.Skip("the broken baseline races by design; run benchmarks without -race")
			}
			c := v.new()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					c.Inc()
				}
			})
		})
	}
}
