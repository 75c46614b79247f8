// Package mustfail holds proofs that are wrong: misused, or asking for
// evidence the run does not give. Each must make its test fail, with a
// message that says what is wrong. They run only with TEAM_MUSTFAIL=1
// (the racelab suite sets it, and checks that every one fails and how).
package mustfail
