module example.com/team

go 1.26.8

replace github.com/racelab/racelab => ../../..

require (
	github.com/racelab/racelab v0.0.0
	github.com/sasha-s/go-deadlock v0.3.9
	go.uber.org/goleak v1.3.0
)

require github.com/petermattis/goid v0.0.0-20250813065127-a731cc31b4fe // indirect
