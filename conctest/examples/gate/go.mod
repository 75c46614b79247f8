module example.com/gate

go 1.26.8

require github.com/racelab/racelab v0.0.0

require (
	github.com/petermattis/goid v0.0.0-20250813065127-a731cc31b4fe // indirect
	github.com/sasha-s/go-deadlock v0.3.9 // indirect
	go.uber.org/goleak v1.3.0 // indirect
)

replace github.com/racelab/racelab => ../../..
