# Baustein: set-up, run, test, evaluate.
# `make run` and `make test` work on a fresh Debian machine: missing system packages are installed when
# running as root, otherwise the exact apt-get line is printed.

SWIFT ?= swift
BIN := .build/debug/baustein
RELEASE_BIN := .build/release/baustein
APT_PACKAGES := libsqlite3-dev libstemmer-dev
SHARED ?= ../shared
COVIDQA := $(SHARED)/eval/covidqa-de

.PHONY: deps build release run test eval serve bench-intake crash-check clean

deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = "0" ]; then \
			echo "Installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "Missing system packages. Run:"; echo "  sudo apt-get install -y$$missing"; exit 1; \
		fi; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

run: build
	$(BIN) sync
	$(BIN) intake < examples/messages.jsonl
	@echo; $(BIN) queue --all
	@echo; echo "Next: $(BIN) review --as anna   (press office: $(BIN) approvals --as petra)"

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

eval: release
	@if [ ! -d "$(COVIDQA)" ]; then echo "$(COVIDQA) not found: the evaluation set lives in ../shared on developer machines"; exit 1; fi
	@echo "covidqa-de dev, cold:"
	@$(RELEASE_BIN) eval --snippets $(COVIDQA)/snippets.jsonl --queries $(COVIDQA)/dev.tsv
	@echo; echo "starter base, held-out questions:"
	@$(RELEASE_BIN) eval --snippets snippets --queries Tests/BausteinCoreTests/Fixtures/starter-questions.tsv

# The webhook and API server (README: "Server"); secrets come from the environment.
serve: build
	$(BIN) sync
	$(BIN) serve

# Load benchmark of webhook intake against a release server (not a test; prints figures).
bench-intake: release
	@command -v wrk >/dev/null || { echo "wrk fehlt: apt-get install -y wrk"; exit 1; }
	./scripts/bench-intake.sh

# kill -9 mid-load, restart, and check that every acknowledged message is stored (about 15 s).
crash-check: build
	./scripts/crash-check.sh

clean:
	rm -rf .build knowledge/baustein.sqlite knowledge/baustein.sqlite-wal knowledge/baustein.sqlite-shm
