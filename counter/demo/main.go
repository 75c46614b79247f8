// Command demo shows lost updates instead of proving them: it runs the
// unsynchronized counter many times and prints how the final totals are
// spread against the expected one, like a stress test's outcome
// histogram. Nothing is asserted; the numbers vary from run to run and
// machine to machine. Build it without -race: this is about the lost
// updates, not about detecting them.
//
//	go run ./counter/demo -runs 20 -workers 4 -incs 250000
package main

import (
	"flag"
	"fmt"
	"runtime"
	"slices"
	"strings"

	"github.com/racelab/racelab/counter"
	"github.com/racelab/racelab/internal/countertest"
)

func main() {
	runs := flag.Int("runs", 20, "how many times to run the counter")
	workers := flag.Int("workers", 4, "goroutines incrementing at once")
	incs := flag.Int("incs", 250_000, "increments per goroutine")
	flag.Parse()
	want := int64(*workers * *incs)
	fmt.Printf("counter.Unsync: %d goroutines x %d increments, want %d, GOMAXPROCS=%d\n\n",
		*workers, *incs, want, runtime.GOMAXPROCS(0))
	totals := make([]int64, *runs)
	for i := range totals {
		c := new(counter.Unsync)
		_ = countertest.Hammer(c, *workers, *incs) // the error is the lost updates we are here to see
		totals[i] = c.Value()
	}
	histogram(totals, want)
}

// histogram prints the totals in ten buckets between the smallest total
// and the expected one.
func histogram(totals []int64, want int64) {
	lo := slices.Min(totals)
	width := max((want-lo+10)/10, 1)
	counts := make([]int, 11)
	exact := 0
	for _, v := range totals {
		if v == want {
			exact++
			continue
		}
		counts[(v-lo)/width]++
	}
	for i, n := range counts {
		if n > 0 {
			from := lo + int64(i)*width
			fmt.Printf("%9d..%-9d %3d %s\n", from, min(from+width-1, want-1), n, strings.Repeat("#", n))
		}
	}
	fmt.Printf("%9d (exact)     %3d %s\n", want, exact, strings.Repeat("#", exact))
	fmt.Printf("\n%d of %d runs lost updates; the worst lost %d (%.1f%%)\n",
		len(totals)-exact, len(totals), want-lo, 100*float64(want-lo)/float64(want))
}
