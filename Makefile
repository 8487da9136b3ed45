# cpmail — common tasks. `make help` lists them.
GO ?= go
BIN ?= ./cpmail
STATICCHECK_VERSION ?= v0.8.2

.PHONY: help build test lint demo bench fuzz clean

help: ## list the targets
	@grep -E '^[a-z]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

build: ## build the cpmail binary
	$(GO) build -o $(BIN) ./cmd/cpmail

test: ## run the tests (the command CI runs)
	$(GO) test -race ./...

lint: ## gofmt, go vet and staticcheck
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...

demo: ## show the demo account's failed deliveries
	$(GO) run ./cmd/cpmail --demo deliveries --failed

bench: ## run the benchmark suite (binary vs curl | jq, diagnose with latency, Go benchmarks)
	bash bench/bench.sh

fuzz: ## run each fuzz target for 60 s
	@for pkg in $$($(GO) list ./...); do \
	  for t in $$($(GO) test -list '^Fuzz' $$pkg | grep ^Fuzz); do \
	    echo "$$pkg $$t"; $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime 60s $$pkg || exit 1; \
	  done; \
	done

clean: ## remove the built binary
	rm -f $(BIN)
