# Baustein: set-up, run, test, evaluate.
# `make run` and `make test` work on a fresh Debian machine: missing system packages are installed when
# running as root, otherwise the exact apt-get line is printed.

SWIFT ?= swift
BIN := .build/debug/baustein
RELEASE_BIN := .build/release/baustein
APT_PACKAGES := libsqlite3-dev libstemmer-dev openthesaurus-de-text
SHARED ?= ../shared
COVIDQA := $(SHARED)/eval/covidqa-de

.PHONY: deps build release run test eval clean

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
	@for q in "Mein Perso ist abgelaufen, was muss ich tun?" \
	          "wann wird bei uns der sperrmüll abgeholt" \
	          "Brauche einen Kitaplatz für meine Tochter" \
	          "Wer ist der Torschützenkönig der Bundesliga?"; do \
		echo; echo "> $$q"; $(BIN) ask "$$q"; \
	done

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

eval: release
	@if [ ! -d "$(COVIDQA)" ]; then echo "$(COVIDQA) not found: the evaluation set lives in ../shared on developer machines"; exit 1; fi
	@echo "covidqa-de dev, cold:"
	@$(RELEASE_BIN) eval --snippets $(COVIDQA)/snippets.jsonl --queries $(COVIDQA)/dev.tsv
	@echo; echo "starter base, held-out questions:"
	@$(RELEASE_BIN) eval --snippets snippets --queries Tests/BausteinCoreTests/Fixtures/starter-questions.tsv

clean:
	rm -rf .build knowledge/baustein.sqlite knowledge/baustein.sqlite-wal knowledge/baustein.sqlite-shm
