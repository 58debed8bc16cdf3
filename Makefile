# newsift — one non-recursive GNU Makefile.  `make help` lists the targets.

CC      ?= cc
CFLAGS  ?= -O2 -g
PREFIX  ?= /usr/local
BUILD   ?= build
PYTHON  ?= python3

PKGS    := zlib libxxhash libutf8proc json-c gumbo libzstd uchardet libbrotlidec
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla -Wformat=2
# the project's own flags, appended so a user's CFLAGS never removes them
NS_CFLAGS = -std=c11 -D_GNU_SOURCE -fopenmp -ffp-contract=off $(WARN) $(if $(CI),-Werror) -Iinclude -Isrc \
            $(shell pkg-config --cflags $(PKGS)) -MMD -MP $(SAN)
# optional, zlib is the fallback of both: libdeflate compresses deduped.jsonl.gz
# faster, ISA-L (libisal) inflates gzip input faster
OPT_PKGS := $(foreach p,libdeflate libisal,$(shell pkg-config --exists $(p) 2>/dev/null && echo $(p)))
NS_CFLAGS += $(if $(filter libdeflate,$(OPT_PKGS)),-DNS_HAVE_LIBDEFLATE) $(if $(filter libisal,$(OPT_PKGS)),-DNS_HAVE_ISAL) \
             $(if $(OPT_PKGS),$(shell pkg-config --cflags $(OPT_PKGS)))
# libstemmer (Snowball) ships no pkg-config file: found by its header
SYS_LIBS := -lstemmer -fopenmp -lm
NS_LIBS   = $(shell pkg-config --libs $(PKGS) $(OPT_PKGS)) $(SYS_LIBS) $(SAN)
NS_VERSION := $(shell sed -n 's/^\#define NS_VERSION "\(.*\)"/\1/p' include/newsift/common.h)

# the command line: main.c and src/cli_*.c, linked into the binary only
CLI_SRC := src/main.c $(wildcard src/cli_*.c)
CLI_OBJ := $(CLI_SRC:src/%.c=$(BUILD)/obj/%.o)
LIB_SRC := $(filter-out $(CLI_SRC),$(wildcard src/*.c))
LIB_OBJ := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
TESTS   := $(patsubst tests/%.c,%,$(wildcard tests/test_*.c))
TEST_BIN:= $(TESTS:%=$(BUILD)/tests/%)
LIB     := $(BUILD)/libnewsift.a
BIN     := $(BUILD)/newsift
DEPS_OK := $(BUILD)/.deps-ok

.PHONY: all test check demo sample eval screenshots asan ubsan install uninstall clean help FORCE
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

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(CFLAGS) -o $@ $^ $(NS_LIBS)

$(BUILD)/tests/%: tests/%.c $(LIB) | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(NS_CFLAGS) -o $@ $< $(LIB) $(NS_LIBS)

## check: fast unit tests
check: $(TEST_BIN)
	@sh tests/run_unit.sh $(TEST_BIN)

## test: unit tests, then end-to-end tests of the CLI (golden, threads, bad input, eval floors);
## with Open MPI installed (not under sanitizers) also newsift-mpi against newsift (tests/mpi.sh)
test: $(BIN) $(TEST_BIN)
	@$(if $(SAN),,if pkg-config --exists $(MPI_PKG) 2>/dev/null && command -v mpirun >/dev/null; then \
		$(MAKE) --no-print-directory mpi || exit 1; fi;) NEWSIFT_MPI_TEST=$(if $(SAN),sanitizers,yes) sh tests/run_all.sh $(BIN) $(TEST_BIN)

# ---- newsift-mpi: the run spread over the processes of an Open MPI job ----
MPI_PKG   := ompi-c
MPI_BIN   := $(BUILD)/newsift-mpi
MPI_OK    := $(BUILD)/.mpi-ok
MPI_CFLAGS = $(shell pkg-config --cflags $(MPI_PKG) 2>/dev/null)
MPI_LIBS   = $(shell pkg-config --libs $(MPI_PKG) 2>/dev/null)
MPI_OBJ   := $(BUILD)/obj/mpi/main.o $(BUILD)/obj/mpi/cli_mpi.o
.PHONY: mpi bench-mpi
## mpi: build newsift-mpi against Open MPI (installed by scripts/deps.sh when missing)
mpi: $(MPI_BIN)

$(MPI_OK): | $(DEPS_OK)
	@pkg-config --exists $(MPI_PKG) 2>/dev/null && command -v mpirun >/dev/null || sh scripts/deps.sh
	@pkg-config --exists $(MPI_PKG) && command -v mpirun >/dev/null || { echo "missing: Open MPI ($(MPI_PKG), mpirun)" >&2; exit 1; }
	@touch $@

# main.c once more, as newsift-mpi's (only `run`: the other commands go unused)
$(BUILD)/obj/mpi/main.o: src/main.c | $(MPI_OK)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(NS_CFLAGS) -DNS_MPI -Wno-unused-function $(MPI_CFLAGS) -c $< -o $@

$(BUILD)/obj/mpi/%.o: src/mpi/%.c | $(MPI_OK)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(NS_CFLAGS) $(MPI_CFLAGS) -c $< -o $@

$(MPI_BIN): $(MPI_OBJ) $(filter-out $(BUILD)/obj/main.o,$(CLI_OBJ)) $(LIB)
	$(CC) $(CFLAGS) -o $@ $^ $(NS_LIBS) $(MPI_LIBS)

-include $(MPI_OBJ:.o=.d)

## demo: build and run the whole pipeline on the shipped sample
demo: $(BIN)
	$(BIN) run corpora/sample.jsonl.gz -o demo-out
	@echo "--- scored against corpora/sample.gold.tsv:"
	@$(BIN) eval demo-out/clusters.tsv corpora/sample.gold.tsv
	@echo "--- the digest starts:"
	@head -n 20 demo-out/digest.md
	@echo "--- all outputs are in demo-out/ (digest.md, clusters.tsv, stories.jsonl, deduped.jsonl.gz, report.json);"
	@echo "--- open demo-out/digest.html in a browser for the digest as a web page"

## screenshots: the sample's digest.html in headless Chromium at a phone's (390x844) and a desktop's
## (1280x900) window size: results/digest-phone.png, results/digest-desktop.png
screenshots: $(BIN)
	@sh scripts/screenshots.sh $(BIN) results

## demo-crawl: the whole pipeline on the shipped WARC crawl (corpora/crawl.warc.gz) into demo-crawl/,
## its articles scored against their true bodies
demo-crawl: $(BIN)
	$(BIN) run corpora/crawl.warc.gz -o demo-crawl
	@$(PYTHON) scripts/extract_eval.py corpora/crawl.truth.jsonl.gz demo-crawl/deduped.jsonl.gz | head -n 5
	@echo "--- outputs in demo-crawl/; open demo-crawl/digest.html in a browser"

## crawl: regenerate corpora/crawl.warc.gz (36 pages) and its true bodies
crawl: | $(DEPS_OK)
	$(PYTHON) scripts/gen_pages.py --out $(BUILD)/crawl --count 36 --seed 11
	cp $(BUILD)/crawl/crawl.warc.gz corpora/crawl.warc.gz
	gzip -9n -c $(BUILD)/crawl/truth.jsonl > corpora/crawl.truth.jsonl.gz

## sample: regenerate corpora/sample.jsonl.gz and its gold from corpora/articles
sample: | $(DEPS_OK)
	$(PYTHON) scripts/make_sample.py --articles corpora/articles --out corpora/sample.jsonl.gz --gold corpora/sample.gold.tsv

## eval: score runs on ../shared/data (skipped when absent) into results/
eval: $(BIN) $(BUILD)/bench/minhash_bench
	@$(PYTHON) scripts/extract_quality.py $(BUILD)
	@sh scripts/eval.sh $(BIN)
	@sh scripts/dedup_grid.sh $(BIN)
	@sh scripts/minhash_bench.sh $(BUILD)/bench/minhash_bench
	@sh scripts/eval_stories.sh $(BIN)
	@$(PYTHON) scripts/plots.py eval $(BIN)

$(BUILD)/bench/%: tests/bench/%.c $(LIB) | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(NS_CFLAGS) -o $@ $< $(LIB) $(NS_LIBS)

## asan / ubsan: the test suite under AddressSanitizer / UndefinedBehaviorSanitizer
asan:
	$(MAKE) BUILD=build/asan SAN="-fsanitize=address -fno-omit-frame-pointer" CFLAGS="-O1 -g" test
ubsan:
	$(MAKE) BUILD=build/ubsan SAN="-fsanitize=undefined -fno-sanitize-recover=undefined" CFLAGS="-O1 -g" test

# newsift.pc for PREFIX, made at each install (PREFIX may differ from the last
# one).  Libs and Requires (not .private) carry everything the static library
# needs, so a plain `pkg-config --cflags --libs newsift` links a program.
$(BUILD)/newsift.pc: FORCE
	@mkdir -p $(@D)
	printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$${prefix}/lib' 'includedir=$${prefix}/include' '' \
		'Name: newsift' 'Description: news deduplication, story grouping and summaries (static library)' \
		'Version: $(NS_VERSION)' 'Requires: $(strip $(PKGS) $(OPT_PKGS))' 'Cflags: -I$${includedir}' \
		'Libs: -L$${libdir} -lnewsift $(strip $(SYS_LIBS) $(SAN))' > $@

install: $(BIN) $(LIB) $(BUILD)/newsift.pc
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include/newsift
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/newsift
	if [ -x $(BUILD)/newsift-mpi ]; then install -m 755 $(BUILD)/newsift-mpi $(DESTDIR)$(PREFIX)/bin/newsift-mpi; fi
	install -m 644 $(LIB) $(DESTDIR)$(PREFIX)/lib/libnewsift.a
	install -m 644 $(BUILD)/newsift.pc $(DESTDIR)$(PREFIX)/lib/pkgconfig/newsift.pc
	install -m 644 include/newsift/*.h $(DESTDIR)$(PREFIX)/include/newsift/
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 644 completion/newsift.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/newsift
	install -d $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 doc/newsift.1 $(DESTDIR)$(PREFIX)/share/man/man1/newsift.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/newsift $(DESTDIR)$(PREFIX)/bin/newsift-mpi $(DESTDIR)$(PREFIX)/lib/libnewsift.a $(DESTDIR)$(PREFIX)/lib/pkgconfig/newsift.pc
	rm -rf $(DESTDIR)$(PREFIX)/include/newsift
	rm -f $(DESTDIR)$(PREFIX)/share/bash-completion/completions/newsift $(DESTDIR)$(PREFIX)/share/man/man1/newsift.1

clean:
	rm -rf build demo-out demo-crawl

help:
	@echo "newsift make targets:"
	@echo "  all        build $(BIN) and $(LIB) (default)"
	@echo "  demo       run the pipeline on corpora/sample.jsonl.gz into demo-out/"
	@echo "  demo-crawl run it on the shipped WARC crawl corpora/crawl.warc.gz into demo-crawl/"
	@echo "  test       all tests (unit + end-to-end); check = unit tests only"
	@echo "  asan ubsan the tests under sanitizers"
	@echo "  killtest   SIGKILL a run 100 times; every output present must be whole"
	@echo "  fuzz       libFuzzer targets for FUZZ_SECONDS each (clang); fuzz-replay replays the corpora"
	@echo "  sample     regenerate the sample corpus and its gold labels"
	@echo "  screenshots  the sample's digest.html at phone and desktop sizes into results/ (Chromium)"
	@echo "  eval       score on ../shared/data into results/ (skipped when absent), and eval-extract:"
	@echo "             article extraction on generated pages into results/extract.md"
	@echo "  bench      speed and memory on generated corpora into results/bench.md (BENCH_SIZES=\"100000 1000000\");"
	@echo "             bench-extract: WARC reading and article extraction into results/extract-bench.md"
	@echo "             bench-data only generates the corpora (cached in $(BENCH_DATA)/)"
	@echo "  install    to \$$(DESTDIR)\$$(PREFIX) (PREFIX=$(PREFIX)), with lib/pkgconfig/newsift.pc, the bash"
	@echo "             completion and the man page; uninstall"
	@echo "  clean      remove build/ and demo-out/"

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)

# ---- robustness: fault-injection shim, fuzz targets, kill test ----
FUZZ_TARGETS := parser reader clean sentence formats warc extract
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_BUILD   ?= build/fuzz-clang
FUZZ_FLAGS    = -O1 -g -std=c11 -D_GNU_SOURCE -fopenmp $(WARN) -Iinclude -Isrc $(shell pkg-config --cflags $(PKGS)) \
                -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -MMD -MP
.PHONY: fuzz fuzz-build fuzz-replay killtest

# LD_PRELOAD shim that makes writes, fsync or rename fail (tests/robust.sh);
# never built with sanitizers
$(BUILD)/preload/failwrite.so: tests/preload/failwrite.c | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -std=c11 -D_GNU_SOURCE $(WARN) $(if $(CI),-Werror) -shared -fPIC -o $@ $< -ldl

# replay drivers: each fuzz target with tests/fuzz/replay.c, built like the tests
$(BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(LIB) | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(NS_CFLAGS) -o $@ tests/fuzz/fuzz_$*.c tests/fuzz/replay.c $(LIB) $(NS_LIBS)

# make test runs tests/robust.sh, which needs these
test: $(BUILD)/preload/failwrite.so $(FUZZ_TARGETS:%=$(BUILD)/fuzz/replay_%)

## fuzz-replay: run the fuzz corpora through the replay drivers (also part of make test)
fuzz-replay: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/replay_%)
	@for t in $(FUZZ_TARGETS); do printf '%s: ' $$t; $(BUILD)/fuzz/replay_$$t tests/fuzz/corpus/$$t || exit 1; done

# libFuzzer builds (clang): the library instrumented for coverage + ASan + UBSan
$(FUZZ_BUILD)/obj/%.o: src/%.c | $(DEPS_OK)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_BUILD)/libnewsift.a: $(LIB_SRC:src/%.c=$(FUZZ_BUILD)/obj/%.o)
	rm -f $@
	ar rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_BUILD)/libnewsift.a
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_BUILD)/libnewsift.a $(NS_LIBS)

fuzz-build: $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)

## fuzz: build the libFuzzer targets with clang and run each for FUZZ_SECONDS (default 60);
## new inputs go to $(FUZZ_BUILD)/corpus/TARGET, crashes to $(FUZZ_BUILD)/crash-TARGET-*
fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_BUILD)/corpus/$$t; \
		echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
		$(FUZZ_BUILD)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
			$$(test -f tests/fuzz/$$t.dict && echo -dict=tests/fuzz/$$t.dict) \
			-artifact_prefix=$(FUZZ_BUILD)/crash-$$t- -print_final_stats=1 \
			$(FUZZ_BUILD)/corpus/$$t tests/fuzz/corpus/$$t || exit 1; \
	done

## killtest: SIGKILL a run 100 times at random moments; every output present must be whole
killtest: $(BIN)
	@sh tests/killtest.sh $(BIN)

-include $(wildcard $(FUZZ_BUILD)/obj/*.d)

# ---- performance: make bench ----
# Corpora are generated once by scripts/gen_corpus.py and cached here (never committed).
BENCH_DATA ?= $(BUILD)/bench-data
export BENCH_DATA
.PHONY: bench bench-data bench-extract eval-extract crawl demo-crawl

## bench: newsift run and run --dedup-only with 1 and 2 threads on generated corpora of BENCH_SIZES
## articles (default 100000 1000000; other knobs in scripts/bench.py) into results/bench.md
bench: $(BIN) $(BUILD)/bench/extract_bench
	@$(PYTHON) scripts/bench.py $(BIN)
	@$(PYTHON) scripts/plots.py bench
	@if [ "$${BENCH_STATE:-1}" != 0 ]; then $(PYTHON) scripts/state_bench.py $(BIN); fi
	@if [ "$${BENCH_EXTRACT:-1}" != 0 ]; then $(PYTHON) scripts/extract_bench.py $(BUILD); fi

## bench-extract: a generated WARC crawl of EXTRACT_PAGES (3000) news pages: MB/s of the WARC record
## step and of article extraction on one core, and whole runs, into results/extract-bench.md
bench-extract: $(BIN) $(BUILD)/bench/extract_bench
	@$(PYTHON) scripts/extract_bench.py $(BUILD)

## eval-extract: article extraction scored against the true bodies of generated pages (3 seeds of
## 240 pages), with the plain text conversion beside it, into results/extract.md
eval-extract: $(BIN)
	@$(PYTHON) scripts/extract_quality.py $(BUILD)

## bench-mpi: newsift-mpi with 1-4 processes (1 and 2 threads each) against newsift on a generated
## corpus of MPI_ARTICLES (100000) into results/mpi-bench.md (knobs in scripts/mpi_bench.py)
bench-mpi: $(BIN) $(MPI_BIN)
	@$(PYTHON) scripts/mpi_bench.py $(BUILD)

## bench-data: only generate the benchmark corpora and their gold files
bench-data: | $(DEPS_OK)
	@$(PYTHON) scripts/bench.py --data-only
