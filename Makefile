# racelab: prove Go concurrency bugs and their fixes.
# Every target is a plain go command; `make help` lists them.

SHELL       := bash
.SHELLFLAGS := -o pipefail -ec
GO          ?= go
PROOFS      := $(GO) run ./conctest/cmd/proofs
export CGO_ENABLED := 1
# The race runtime sleeps 1 s at the exit of every binary built with
# -race, each package's test binary included: not here.
export GORACE := atexit_sleep_ms=0
# The lessons are plain Go. Their tests are built from overlays, with the
# source untouched (internal/cmd/builds writes them):
#   - POINTS, the plain build: each interleaving point a lesson marks with
#     a comment becomes a window a workload can hold a goroutine in. The
#     race detector, goleak, the leak profile, synctest, the invariants
#     and the watchdog judge it.
#   - DEADLOCK, the go-deadlock build: the same, with sync's Mutex and
#     RWMutex swapped for go-deadlock's. go-deadlock alone judges it:
#     its mutexes are synchronization the race detector would see.
BUILD       := .build
POINTS      := $(CURDIR)/$(BUILD)/plain.json
DEADLOCK    := $(CURDIR)/$(BUILD)/swap.json
SWAPPED     := . ./counter ./locks ./prodcons
# What the go-deadlock build proves: go-deadlock's verdicts, every fix
# clean (ProveClean checks go-deadlock in this build) and the catalog's
# go-deadlock column. The engine's checks of the plain build stay there.
SWAP_RUN    := ^(TestNo(Race|Leak|LockOrder|Recursive|LockTimeout|Blocked|Panic|Hang|Lost)|TestLockOrder|TestRecursive|TestLockTimeout|TestCatalog$$|TestCatalogOnProofs$$)
BUILD_SRC   := $(shell find counter locks prodcons sharedmem capture internal/points internal/cmd/builds conctest/swap -name '*.go' 2>/dev/null)

$(POINTS) $(DEADLOCK) &: $(BUILD_SRC)
	$(GO) run ./internal/cmd/builds $(BUILD)

.PHONY: builds
builds: $(POINTS) $(DEADLOCK) ## write the overlays the tests are built with (make does it when needed)

.DEFAULT_GOAL := help
.PHONY: help test test-race engine team portable mutate vet lint fmt-check tidy-check ci demo bench bench-report matrix matrix-check stress

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

test: $(POINTS) $(DEADLOCK) ## run every test without -race, then the lessons' go-deadlock build; race proofs are reported as skipped
	status=0; \
	$(GO) test -overlay $(POINTS) -count=1 -timeout 5m -json ./... | $(PROOFS) || status=$$?; \
	$(GO) test -overlay $(DEADLOCK) -count=1 -timeout 5m -run '$(SWAP_RUN)' -json $(SWAPPED) | $(PROOFS) -relabel 'go-deadlock build' | $(PROOFS) || status=$$?; \
	exit $$status

# test-race's JUnit file, for CI: one testcase per proof, with its verdict.
# PROOFS_MARKDOWN, if set, names a file the summary is appended to as
# Markdown (GitHub Actions' job summary).
REPORTS     ?= reports

# The main job proves the lessons: the catalog and the lesson packages.
# The engine's own tests, its examples and the tests of the harness under
# internal/ prove no lesson: make engine runs them, in make ci, and make
# test runs everything.
# The root package (the catalog) is the heaviest on the CPU; locks,
# sharedmem and prodcons prove one call at a time and wait most of theirs
# (a hang's 1.5 s watchdog, a lock's timeout, goleak's retries): four
# packages at a time (-p 4), these first, so that their waits overlap
# the catalog's work from the start. With -p 3 and locks fourth, locks
# began only when sharedmem ended, two thirds into the run, and its
# waits were the run's last seconds: in alternate runs of the two go
# test commands, 22.6, 26.2 and 24.6 s against 24.9, 26.8 and 26.8 s.
# -parallel 5: the root package's TestCatalogOnProofs holds one slot while
# it waits for the lesson packages' records (RECORDS, below), which
# leaves the catalog's rows four (alternate runs, after 8ac34ab: 19.4
# and 22.8 s against 20.7 and 23.5 s with -parallel 4).
PROVEN      := . ./locks ./sharedmem ./prodcons ./counter ./capture
# Each build's test binaries are kept here: go test -o links a binary
# again only when its build ID has changed, where a plain go test links
# every package's afresh on every run: 11 CPU-s of the main job, measured
# with -run '^$' on both builds (12.7 CPU-s linking, 1.6 with -o).
TESTBIN     := $(BUILD)/test
# test-race runs the proofs tool four times, at its end three in a row:
# built once, where go run would check and link it each time (0.27 s of
# CPU a run against 0.01).
SUMMARY     := $(BUILD)/proofs

# Four of the plain build's test processes run staticcheck: go tool -n
# names its binary once for all (conctest/static's CONCTEST_STATICCHECK),
# not once in each, half a second of CPU each time. They analyze the same
# vet lessons (the catalog's rows and each package's own proofs): the
# first to analyze one leaves its result in STATIC_SHARE, a fresh
# directory each run, for the others (CONCTEST_STATIC_SHARE).
STATIC_SHARE := $(BUILD)/static
# The lesson packages' test processes leave a record of each proof in
# RECORDS (CONCTEST_RECORD), a fresh directory per build each run; the
# catalog checks a row on its package proofs' runs, where the row names
# them, instead of making the same runs again (RACELAB_PROOFS_OF
# lists the packages whose processes run beside it; see
# catalog_proofs_test.go). The go-deadlock build starts its four
# packages at once (-p 4), so that the records the catalog waits for
# come as early as they can.
RECORDS      := $(BUILD)/records
# The go-deadlock build runs beside the plain build: it is light (no
# -race), and most of its time is waits, a hung variant's watchdog, which
# its -parallel lets overlap. Its summary follows the plain build's.
test-race: $(POINTS) $(DEADLOCK) ## the main job: prove every pair under every detector, in the plain build and the go-deadlock build, and summarize; writes $(REPORTS)/junit.xml
	@mkdir -p $(REPORTS) $(TESTBIN)/race $(TESTBIN)/swap
	rm -rf $(STATIC_SHARE) $(RECORDS) && mkdir -p $(STATIC_SHARE) $(RECORDS)
	$(GO) tool -n staticcheck > $(STATIC_SHARE)/staticcheck.path & $(GO) build -o $(SUMMARY) ./conctest/cmd/proofs; wait $$! || true
	status=0; \
	export CONCTEST_STATICCHECK=$$(cat $(STATIC_SHARE)/staticcheck.path) CONCTEST_STATIC_SHARE=$(CURDIR)/$(STATIC_SHARE); \
	CONCTEST_RECORD=$(CURDIR)/$(RECORDS)/swap RACELAB_PROOFS_OF='$(SWAPPED)' \
	$(GO) test -overlay $(DEADLOCK) -o $(TESTBIN)/swap/ -count=1 -timeout 5m -p 4 -parallel 8 -run '$(SWAP_RUN)' -json $(SWAPPED) > $(REPORTS)/test-deadlock.raw.json 2> $(REPORTS)/test-deadlock.stderr & swap=$$!; \
	echo "== the plain build: every detector but go-deadlock, which judges the go-deadlock build below"; \
	CONCTEST_RECORD=$(CURDIR)/$(RECORDS)/race RACELAB_PROOFS_OF='$(PROVEN)' \
	$(GO) test -race -overlay $(POINTS) -o $(TESTBIN)/race/ -count=1 -timeout 5m -p 4 -parallel 5 -json $(PROVEN) | tee $(REPORTS)/test-race.json | $(SUMMARY) $(if $(PROOFS_MARKDOWN),-markdown '$(PROOFS_MARKDOWN)') || status=$$?; \
	wait $$swap || true; \
	echo "== the go-deadlock build: go-deadlock alone"; \
	cat $(REPORTS)/test-deadlock.stderr >&2; \
	$(SUMMARY) -relabel 'go-deadlock build' < $(REPORTS)/test-deadlock.raw.json | tee $(REPORTS)/test-deadlock.json | $(SUMMARY) $(if $(PROOFS_MARKDOWN),-markdown '$(PROOFS_MARKDOWN)') || status=$$?; \
	cat $(REPORTS)/test-race.json $(REPORTS)/test-deadlock.json > $(REPORTS)/test-all.json; \
	$(GO) tool gotestsum --junitfile $(REPORTS)/junit.xml --raw-command -- cat $(REPORTS)/test-all.json > /dev/null || true; \
	$(SUMMARY) -junit $(REPORTS)/junit.xml < $(REPORTS)/test-all.json && echo "wrote $(REPORTS)/junit.xml"; \
	exit $$status

# MUTATE_SHARD=k/m runs the mutants of every m-th variant; MUTATE_RECORD,
# if set, is the file their results are written to, for mutate -merge.
MUTATE_SHARD  ?= 0/1
MUTATE_RECORD ?=

mutate: $(POINTS) $(DEADLOCK) ## break each fix with the one-line mutations in testdata/mutations.txt: every mutant must fail its proofs, in the plain build or the go-deadlock build (MUTATE_SHARD, MUTATE_RECORD)
	MUTATE_E2E=1 $(GO) test -count=1 ./conctest/cmd/mutate
	$(GO) build -o $(BUILD)/builds ./internal/cmd/builds
	$(GO) run ./conctest/cmd/mutate -prepare $(CURDIR)/$(BUILD)/builds -shard $(MUTATE_SHARD) $(if $(MUTATE_RECORD),-record $(MUTATE_RECORD)) $(LESSONS)

vet: $(POINTS) ## go vet (the vet-only lessons live under testdata, which ./... skips); the tests' files are vetted in their builds
	$(GO) vet ./...
	$(GO) vet -overlay $(POINTS) ./...

lint: $(POINTS) ## staticcheck, pinned by go.mod's tool directive
	$(GO) tool staticcheck ./...

fmt-check: ## fail if any file is not gofmt'ed
	@files=$$(gofmt -l $$(find . -name '*.go' -not -path './.build/*')); if [ -n "$$files" ]; then echo "gofmt needed:"; echo "$$files"; exit 1; fi

tidy-check: ## fail if go.mod or go.sum is not tidy
	$(GO) mod tidy -diff

.PHONY: actionlint
actionlint: ## lint the GitHub workflows, with actionlint pinned by go.mod's tool directive
	$(GO) tool actionlint

# conctest/examples/flaky locks sync's mutexes. Its go-deadlock build
# swaps them for go-deadlock's (conctest/cmd/swap, as a team would) and
# proves there go-deadlock's regressions and their fixes; the rest is
# proven in the plain build, under -race.
FLAKY          := ./conctest/examples/flaky
FLAKY_DEADLOCK := $(CURDIR)/$(BUILD)/flaky/overlay.json
FLAKY_SWAP_RUN := ^Test(No)?(LockOrder|Recursive|LockTimeout)

$(FLAKY_DEADLOCK): $(wildcard conctest/examples/flaky/*.go) conctest/swap/swap.go conctest/cmd/swap/main.go
	rm -rf $(BUILD)/flaky
	$(GO) run ./conctest/cmd/swap -o $(BUILD)/flaky $(FLAKY) > /dev/null

engine: $(FLAKY_DEADLOCK) $(POINTS) ## conctest's own tests, its commands and its examples, and the harness's tests (internal/), under -race, then conctest/examples/flaky's go-deadlock build; summarized
	status=0; \
	echo "== the plain build: every detector but go-deadlock"; \
	$(GO) test -race -count=1 -timeout 5m -json ./conctest/... | $(PROOFS) || status=$$?; \
	$(GO) test -race -overlay $(POINTS) -count=1 -timeout 5m -json ./internal/... | $(PROOFS) || status=$$?; \
	echo "== conctest/examples/flaky's go-deadlock build: go-deadlock alone"; \
	$(GO) test -overlay $(FLAKY_DEADLOCK) -count=1 -timeout 5m -run '$(FLAKY_SWAP_RUN)' -json $(FLAKY) | $(PROOFS) -relabel 'go-deadlock build' | $(PROOFS) || status=$$?; \
	exit $$status

team: ## conctest on a team's own module (conctest/examples/team): its tests pass under -race -count=3 -shuffle=on and -trimpath, and its wrong proofs fail, each for its reason
	cd conctest/examples/team && $(GO) run github.com/racelab/racelab/conctest/cmd/swap -o $(CURDIR)/$(BUILD)/team ./... > /dev/null
	cd conctest/examples/team && $(GO) vet ./... && $(GO) vet -overlay $(CURDIR)/$(BUILD)/team/overlay.json ./... && $(GO) mod tidy -diff
	TEAM_MODULE=1 $(GO) test -count=1 -timeout 10m -run '^TestTeamModule$$' -v ./conctest/cmd/proofs

portable: ## conctest's own tests under -trimpath (paths as another machine prints them); its vet for windows and darwin is one of them
	$(GO) test -race -trimpath -count=1 ./conctest

ci: fmt-check vet lint tidy-check actionlint test-race engine team portable mutate matrix-check guide-check ## everything CI checks

demo: ## show lost updates: final totals of the unsynchronized counter, run after run
	$(GO) run ./counter/demo

BENCH_COUNT ?= 6
BENCH_TIME  ?= 100ms
bench: ## benchmark every lesson's fixes under contention at -cpu 1,2; benchstat writes docs/BENCH.md
	$(GO) test -overlay $(POINTS) -run '^$$' -bench . -benchtime $(BENCH_TIME) -count $(BENCH_COUNT) -cpu 1,2 -p 1 -timeout 60m $(wildcard $(LESSONS)) > bench.out
	$(MAKE) --no-print-directory bench-report

bench-report: ## rewrite docs/BENCH.md from the last make bench's bench.out
	@{ \
	  echo "# Benchmarks"; echo; \
	  echo "Measured by \`make bench\` ($(BENCH_COUNT) runs of $(BENCH_TIME) per benchmark and GOMAXPROCS) on $$(date -u +%Y-%m-%d):"; \
	  echo "$$(nproc) cores ($$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $$(free -g | awk '/Mem:/{print $$2}') GiB, $$($(GO) version | cut -d' ' -f3-)."; \
	  echo "Columns: GOMAXPROCS=1, then GOMAXPROCS=2 with the change against 1 (\`~\`: within noise)."; \
	  echo "Every benchmark runs its goroutines through b.RunParallel or a fixed worker count on one shared"; \
	  echo "structure, so GOMAXPROCS=2 is the contended case. Broken variants appear only where they can"; \
	  echo "run to completion (the unsynchronized counter is the baseline its fixes pay against)."; echo; \
	  echo '```'; $(GO) tool benchstat -col /gomaxprocs bench.out; echo '```'; \
	} > docs/BENCH.md
	@echo "wrote docs/BENCH.md"

# Go 1.26's experimental goroutine leak profile, where the toolchain has it.
LEAKEXP := $(shell GOEXPERIMENT=goroutineleakprofile $(GO) env GOEXPERIMENT >/dev/null 2>&1 && echo goroutineleakprofile)
LESSONS := ./counter ./locks ./prodcons ./sharedmem ./capture
STRESS_N     ?= 100
STRESS_SHARD ?= 0/1
# STRESS_RECORD, if set, is the file a stress run writes its runs to, one
# JSON line each: shards' records merge into the run's report with
# `proofs -merge` (.github/workflows/stress.yml).
STRESS_RECORD ?=
STRESS_OUT    = -shard $(STRESS_SHARD) $(if $(STRESS_RECORD),-record $(STRESS_RECORD))

# The go-deadlock column comes from the go-deadlock build's catalog.
DEADLOCK_RECORD = $(GO) test -overlay $(DEADLOCK) -count=1 -run '^TestCatalog$$' . -args -deadlock-out=$(CURDIR)/$(BUILD)/deadlock-$(1).json

matrix: $(POINTS) $(DEADLOCK) ## write docs/MATRIX.md from a real run of every detector (3 runs per variant)
	MATRIX_RUNS=3 $(call DEADLOCK_RECORD,matrix)
	GOEXPERIMENT=$(LEAKEXP) MATRIX_RUNS=3 $(GO) test -race -overlay $(POINTS) -count=1 -run '^TestCatalog$$' . -args -matrix=docs/MATRIX.md -deadlock-in=$(CURDIR)/$(BUILD)/deadlock-matrix.json

matrix-check: $(POINTS) $(DEADLOCK) ## fail if docs/MATRIX.md differs from what a fresh run says (times aside)
	$(call DEADLOCK_RECORD,matrix-check)
	GOEXPERIMENT=$(LEAKEXP) $(GO) test -race -overlay $(POINTS) -count=1 -run '^TestCatalog$$' . -args -matrix-check=docs/MATRIX.md -deadlock-in=$(CURDIR)/$(BUILD)/deadlock-matrix-check.json

stress: $(POINTS) $(DEADLOCK) ## prove every variant STRESS_N times at GOMAXPROCS=1 and 2, in both builds; k/N, p50, p95 (STRESS_SHARD=k/m: a subset)
	$(PROOFS) -stress -n $(STRESS_N) -cpu 1,2 $(STRESS_OUT) -overlay $(POINTS) -swap $(DEADLOCK) -swap-run '$(SWAP_RUN)' $(wildcard $(LESSONS))

.PHONY: stress-merge
stress-merge: $(POINTS) $(DEADLOCK) ## show that shards' records merge into the run's own report: two proofs of counter stressed whole and as 2 shards, compared
	STRESS_MERGE_E2E=1 $(GO) test -count=1 -timeout 5m -run '^TestStressShardsMergeExactly$$' -v ./conctest/cmd/proofs

.PHONY: flaky
flaky: $(FLAKY_DEADLOCK) ## prove each flaky regression of conctest/examples/flaky STRESS_N times at GOMAXPROCS=1 and 2, with Repeat, in its build; k/N, p50, p95, tries (STRESS_SHARD, STRESS_RECORD)
	$(PROOFS) -stress -n $(STRESS_N) -cpu 1,2 $(STRESS_OUT) -swap $(FLAKY_DEADLOCK) -swap-run '$(FLAKY_SWAP_RUN)' $(FLAKY)

.PHONY: flaky-rates
flaky-rates: $(FLAKY_DEADLOCK) ## how often each flaky regression shows in ONE run (no Repeat), in its build: its k/N at GOMAXPROCS=1 and 2
	FLAKY_ONCE=1 $(PROOFS) -stress -n $(STRESS_N) -cpu 1,2 $(STRESS_OUT) -skip '^TestNo' -swap $(FLAKY_DEADLOCK) -swap-run '$(FLAKY_SWAP_RUN)' $(FLAKY)

.PHONY: guide guide-check
guide: $(POINTS) $(DEADLOCK) ## write docs/guide, the code-review guide, from a real run of every detector (3 runs per variant, GOMAXPROCS=1)
	MATRIX_RUNS=3 $(call DEADLOCK_RECORD,guide) -test.cpu=1
	GOEXPERIMENT=$(LEAKEXP) MATRIX_RUNS=3 $(GO) test -race -overlay $(POINTS) -count=1 -cpu 1 -run '^TestCatalog$$' . -args -guide=docs/guide -deadlock-in=$(CURDIR)/$(BUILD)/deadlock-guide.json

guide-check: $(POINTS) $(DEADLOCK) ## fail if docs/guide differs from what a fresh run prints (a report: its first line and where it names the blame)
	MATRIX_RUNS=3 $(call DEADLOCK_RECORD,guide-check) -test.cpu=1
	GOEXPERIMENT=$(LEAKEXP) MATRIX_RUNS=3 $(GO) test -race -overlay $(POINTS) -count=1 -cpu 1 -run '^TestCatalog$$' . -args -guide-check=docs/guide -deadlock-in=$(CURDIR)/$(BUILD)/deadlock-guide-check.json
