package counter

import (
	"testing"
	"unsafe"
)

func TestShardFillsACacheLine(t *testing.T) {
	if got := unsafe.Sizeof(shard{}); got != 64 {
		t.Errorf("unsafe.Sizeof(shard{}) = %d, want 64, one cache line", got)
	}
}
