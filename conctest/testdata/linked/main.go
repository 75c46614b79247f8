// Command linked takes a go-deadlock lock: TestFuncTableOfEveryFormat
// builds it for each system and reads its function table.
package main

import "github.com/sasha-s/go-deadlock"

func main() {
	var mu deadlock.Mutex
	mu.Lock()
	mu.Unlock()
}
