package conctest

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

func racyTogether() error {
	var n int
	return Together(2, func(int) error { n++; return nil })
}

func TestRaceTogether(t *testing.T) { Prove(t, Race, "conctest.racyTogether", racyTogether) }

func TestTogetherJoinsErrors(t *testing.T) {
	err := Together(3, func(i int) error {
		if i == 0 {
			return nil
		}
		return fmt.Errorf("worker %d", i)
	})
	assert.ErrorContains(t, err, "worker 1")
	assert.ErrorContains(t, err, "worker 2")
	assert.NoError(t, Together(4, func(int) error { return nil }))
	assert.True(t, errors.Is(Together(1, func(int) error { return errTest }), errTest))
}

var errTest = errors.New("test")

func ExampleTogether() {
	var total int64
	var mu = make(chan struct{}, 1) // a lock as a channel
	_ = Together(4, func(i int) error {
		mu <- struct{}{}
		total += int64(i)
		<-mu
		return nil
	})
	fmt.Println(total)
	// Output: 6
}
