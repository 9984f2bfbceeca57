# ContainerBench. The two commands: `make run` (measure) and `make test` (check).
# SCRATCH picks the SwiftPM build directory (default .build), so parallel checkouts or
# helpers can build side by side: `make SCRATCH=.build-me test`.
SHELL := /bin/bash
SCRATCH ?= .build
# The Swift driver leaves a TemporaryDirectory.* in TMPDIR on every call; keep them in the build
# directory instead of the host's /tmp (the tests run with it too, so their scratch stays there).
SWIFT ?= mkdir -p $(abspath $(SCRATCH))/tmp && TMPDIR=$(abspath $(SCRATCH))/tmp swift
SWIFTFLAGS := --scratch-path $(SCRATCH)
PROBE := $(SCRATCH)/cbench-probe
TODAY := $(shell date +%Y-%m-%d)
# The tests and the benchmark use the static probe and the release cbench-oci of this build.
export CBENCH_PROBE := $(abspath $(PROBE))
export CBENCH_OCI := $(abspath $(SCRATCH)/release/cbench-oci)

.PHONY: build probe setup test run bench reference ci-baseline ci-gate doctor clean

## build: release cbench and cbench-oci, and the static probe, init and workload program
# Both are static executables in release (Package.swift says why).
build: probe
	$(SWIFT) build -c release $(SWIFTFLAGS) --product cbench
	$(SWIFT) build -c release $(SWIFTFLAGS) --product cbench-oci

# SwiftPM links executables through the Swift driver; containers need a static probe.
probe:
	@if [ -x Scripts/build-probe ]; then \
		Scripts/build-probe $(PROBE); \
	else \
		mkdir -p $(SCRATCH) && cc -static -O2 -D_GNU_SOURCE -o $(PROBE) Sources/cbench-probe/*.c; \
	fi

## setup: packages, CRIU 4, subuid/subgid, crun's hybrid-cgroup fix, busybox rootfs (idempotent)
setup:
	Scripts/setup

## test: setup, build, every test (integration tests too when root), then a leak check
# --no-parallel: integration tests check the whole host for leftovers, so one test at a time.
# The leak check runs even when tests fail, so a failing test that leaks is reported as both.
test: setup probe
	$(SWIFT) build $(SWIFTFLAGS)
	@status=0; \
	$(SWIFT) test $(SWIFTFLAGS) --no-parallel || status=$$?; \
	echo "make test: leak check (cbench cleanup --check)"; \
	$(SCRATCH)/debug/cbench cleanup --check || status=1; \
	exit $$status

## run: setup, build, then the quick suite into Results/<date>-quick/
run: setup build
	$(SCRATCH)/release/cbench run Scenarios/quick.yaml --out Results/$(TODAY)-quick

## bench: the benchmark scenarios (OCI start-up, system containers, image unpack) into Results/<date>-bench/
bench: setup build
	$(SCRATCH)/release/cbench run Scenarios/oci.yaml Scenarios/system.yaml Scenarios/unpack.yaml --out Results/$(TODAY)-bench

## reference: the reference results of the full suites on this machine kind, committed in
## Results/reference/ (results.json, the md/csv tables, report.html, plots) and linked from the README
reference: setup build
	rm -rf Results/reference
	$(SCRATCH)/release/cbench run Scenarios/quick.yaml Scenarios/oci.yaml Scenarios/system.yaml Scenarios/unpack.yaml \
		--out Results/reference

## ci-baseline: the baseline of the CI gate, Results/baselines/ci.json, taken with the debug build CI uses
# cbench-oci is the debug one beside cbench, as in CI (not the release CBENCH_OCI exported above).
ci-baseline: setup probe
	$(SWIFT) build $(SWIFTFLAGS)
	env -u CBENCH_OCI $(SCRATCH)/debug/cbench run Scenarios/ci-startup.yaml --out $(SCRATCH)/ci-baseline --quiet
	$(SCRATCH)/debug/cbench baseline save ci $(SCRATCH)/ci-baseline/results.json

## ci-gate: the regression gate of .ci/run: Scenarios/ci-startup.yaml judged against Results/baselines/ci.json;
## it fails on a regression (2), a lost target or metric (5) or a failed step (3), and passes improvements (4)
ci-gate: probe
	env -u CBENCH_OCI $(SCRATCH)/debug/cbench run Scenarios/ci-startup.yaml --out $(SCRATCH)/ci-gate --quiet --baseline ci \
		|| { code=$$?; [ $$code -eq 4 ] || { echo "ci-gate: cbench run exited with $$code"; exit $$code; }; }

## doctor: check this host
doctor: build
	$(SCRATCH)/release/cbench doctor

## clean: build products (keeps fetched dependencies and the host caches in /var/lib/cbench)
clean:
	$(SWIFT) package $(SWIFTFLAGS) clean
	rm -f $(PROBE) $(SCRATCH)/cbench-init $(SCRATCH)/cbench-work $(SCRATCH)/cbench-pingpong $(SCRATCH)/cbench-monitor
