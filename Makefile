# newsift — one non-recursive GNU Makefile.  `make help` lists the targets.

CC      ?= cc
CFLAGS  ?= -O2 -g
PREFIX  ?= /usr/local
BUILD   ?= build
PYTHON  ?= python3

PKGS    := zlib libxxhash libutf8proc json-c
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla -Wformat=2
# the project's own flags, appended so a user's CFLAGS never removes them
NS_CFLAGS = -std=c11 -D_GNU_SOURCE -fopenmp -ffp-contract=off $(WARN) $(if $(CI),-Werror) -Iinclude -Isrc \
            $(shell pkg-config --cflags $(PKGS)) -MMD -MP $(SAN)
# libstemmer (Snowball) ships no pkg-config file: found by its header
NS_LIBS   = $(shell pkg-config --libs $(PKGS)) -lstemmer -fopenmp -lm $(SAN)

LIB_SRC := $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJ := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
TESTS   := $(patsubst tests/%.c,%,$(wildcard tests/test_*.c))
TEST_BIN:= $(TESTS:%=$(BUILD)/tests/%)
LIB     := $(BUILD)/libnewsift.a
BIN     := $(BUILD)/newsift
DEPS_OK := $(BUILD)/.deps-ok

.PHONY: all test check demo sample eval asan ubsan install uninstall clean help
all: $(BIN)

# Missing libraries are installed by scripts/deps.sh (apt-get) once.
$(DEPS_OK):
	@mkdir -p $(@D)
	@pkg-config --exists $(PKGS) 2>/dev/null && test -f /usr/include/libstemmer.h && command -v $(PYTHON) >/dev/null || sh scripts/deps.sh
	@pkg-config --exists $(PKGS) && test -f /usr/include/libstemmer.h || { echo "missing libraries: $(PKGS) libstemmer" >&2; exit 1; }
	@touch $@

$(BUILD)/obj/%.o: src/%.c | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(NS_CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BIN): $(BUILD)/obj/main.o $(LIB)
	$(CC) $(CFLAGS) -o $@ $^ $(NS_LIBS)

$(BUILD)/tests/%: tests/%.c $(LIB) | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(NS_CFLAGS) -o $@ $< $(LIB) $(NS_LIBS)

## check: fast unit tests
check: $(TEST_BIN)
	@sh tests/run_unit.sh $(TEST_BIN)

## test: unit tests, then end-to-end tests of the CLI (golden, threads, bad input, eval floors)
test: $(BIN) $(TEST_BIN)
	@sh tests/run_all.sh $(BIN) $(TEST_BIN)

## demo: build and run the whole pipeline on the shipped sample
demo: $(BIN)
	$(BIN) run corpora/sample.jsonl.gz -o demo-out
	@echo "--- scored against corpora/sample.gold.tsv:"
	@$(BIN) eval demo-out/clusters.tsv corpora/sample.gold.tsv
	@echo "--- the digest starts:"
	@head -n 20 demo-out/digest.md
	@echo "--- all outputs are in demo-out/ (digest.md, clusters.tsv, stories.jsonl, deduped.jsonl.gz, report.json)"

## sample: regenerate corpora/sample.jsonl.gz and its gold from corpora/articles
sample: | $(DEPS_OK)
	$(PYTHON) scripts/make_sample.py --articles corpora/articles --out corpora/sample.jsonl.gz --gold corpora/sample.gold.tsv

## eval: score runs on ../shared/data (skipped when absent) into results/
eval: $(BIN) $(BUILD)/bench/minhash_bench
	@sh scripts/eval.sh $(BIN)
	@sh scripts/dedup_grid.sh $(BIN)
	@sh scripts/minhash_bench.sh $(BUILD)/bench/minhash_bench

$(BUILD)/bench/%: tests/bench/%.c $(LIB) | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(NS_CFLAGS) -o $@ $< $(LIB) $(NS_LIBS)

## asan / ubsan: the test suite under AddressSanitizer / UndefinedBehaviorSanitizer
asan:
	$(MAKE) BUILD=build/asan SAN="-fsanitize=address -fno-omit-frame-pointer" CFLAGS="-O1 -g" test
ubsan:
	$(MAKE) BUILD=build/ubsan SAN="-fsanitize=undefined -fno-sanitize-recover=undefined" CFLAGS="-O1 -g" test

install: $(BIN) $(LIB)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include/newsift
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/newsift
	install -m 644 $(LIB) $(DESTDIR)$(PREFIX)/lib/libnewsift.a
	install -m 644 include/newsift/*.h $(DESTDIR)$(PREFIX)/include/newsift/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/newsift $(DESTDIR)$(PREFIX)/lib/libnewsift.a
	rm -rf $(DESTDIR)$(PREFIX)/include/newsift

clean:
	rm -rf build demo-out

help:
	@echo "newsift make targets:"
	@echo "  all        build $(BIN) and $(LIB) (default)"
	@echo "  demo       run the pipeline on corpora/sample.jsonl.gz into demo-out/"
	@echo "  test       all tests (unit + end-to-end); check = unit tests only"
	@echo "  asan ubsan the tests under sanitizers"
	@echo "  sample     regenerate the sample corpus and its gold labels"
	@echo "  eval       score on ../shared/data into results/ (skipped when absent)"
	@echo "  install    to \$$(DESTDIR)\$$(PREFIX) (PREFIX=$(PREFIX)); uninstall"
	@echo "  clean      remove build/ and demo-out/"

-include $(LIB_OBJ:.o=.d) $(BUILD)/obj/main.d
