# The two commands of the README's first lines, plus the building blocks they use.
SWIFT ?= swift
HOUSEHOLDS ?= 1000

.PHONY: deps build test demo bench clean

## Install missing Debian packages (libsqlite3-dev, libarchive-dev, libssl-dev, sqlite3, postgresql).
deps:
	@./scripts/install-deps.sh

build: deps
	$(SWIFT) build

# The suites that talk HTTP over loopback run in a process of their own: in one process with
# the long synchronous store suites, those would hold Swift's cooperative threads (as many as
# the machine has cores) and starve the servers' and clients' tasks into timeouts.
NETWORK_SUITES = DataCollectServerTests|DataCollectSyncTests|DataCollectExternalSyncTests

## Validate openapi.yaml, then run every test (Swift Testing).
test: deps
	./scripts/check-openapi.sh
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --skip '$(NETWORK_SUITES)'
	$(SWIFT) test --skip-build --filter '$(NETWORK_SUITES)'

## The end-to-end demo on the embedded SQLite default (release build).
demo: deps
	$(SWIFT) build -c release --product datacollect
	.build/release/datacollect demo --households $(HOUSEHOLDS) --out demo-output

## Benchmarks, each printed beside a reference measured in the same run.
bench: deps
	$(SWIFT) build -c release --product datacollect-bench
	$(SWIFT) build -c release --product datacollect
	.build/release/datacollect-bench

clean:
	rm -rf .build demo-output
