# The two commands of the README's first lines, plus the building blocks they use.
SWIFT ?= swift
HOUSEHOLDS ?= 2000

.PHONY: deps build test test-rendering demo bench samples clean

## Install missing Debian packages (scripts/install-deps.sh lists them).
deps:
	@./scripts/install-deps.sh

build: deps
	$(SWIFT) build

# The suites that talk HTTP over loopback run in a process of their own: in one process with
# the long synchronous store suites, those would hold Swift's cooperative threads (as many as
# the machine has cores) and starve the servers' and clients' tasks into timeouts.
NETWORK_SUITES = DataCollectServerTests|DataCollectSyncTests|DataCollectExternalSyncTests
# The suite that renders a report to PNG with headless Chromium runs on its own (test-rendering).
RENDERING_SUITE = HeadlessChromiumRenderingTests

## Validate openapi.yaml, then run every test (Swift Testing), the rendering suite last.
test: deps
	./scripts/check-openapi.sh
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --skip '$(NETWORK_SUITES)|$(RENDERING_SUITE)'
	$(SWIFT) test --skip-build --filter '$(NETWORK_SUITES)'
	$(MAKE) test-rendering

## Render the activity report with headless Chromium and check the picture is not blank.
test-rendering: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --filter '$(RENDERING_SUITE)'

## The end-to-end demo on the embedded SQLite default (release build).
demo: deps
	$(SWIFT) build -c release --product datacollect
	.build/release/datacollect demo --households $(HOUSEHOLDS) --out demo-output

## Benchmarks, each printed beside a reference measured in the same run.
bench: deps
	$(SWIFT) build -c release --product datacollect-bench
	$(SWIFT) build -c release --product datacollect
	.build/release/datacollect-bench

## Regenerate Reports/samples from a small demo run.
samples: deps
	./scripts/make-sample-reports.sh

clean:
	rm -rf .build demo-output
