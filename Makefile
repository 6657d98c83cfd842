# memscan build. Needs only a JDK (17+) and Maven; everything else comes from Maven Central.
# The test target also needs man and zsh (for the install and completion tests); as root
# it installs them from Debian's packages when they are missing.
PREFIX ?= $(HOME)/.local
MVN ?= mvn -B -ntp
IMAGE := target/image
LIBDIR := $(IMAGE)/lib/memscan

# What `install` puts under PREFIX; `uninstall` removes exactly these.
BIN_FILE := $(PREFIX)/bin/memscan
LIB_DIR := $(PREFIX)/lib/memscan
MAN_DIR := $(PREFIX)/share/man/man1
BASH_COMPLETION := $(PREFIX)/share/bash-completion/completions/memscan
ZSH_COMPLETION := $(PREFIX)/share/zsh/site-functions/_memscan

.PHONY: all build image test test-tools demo man install install-image uninstall startup clean bench jmh

all: build

## build: compile and lay out a runnable image in target/image (bin/memscan, lib/memscan/)
build:
	$(MVN) -q -DskipTests package
	@$(MAKE) --no-print-directory image

## image: lay out target/image from what Maven built, with JNA's native stub and a CDS archive
image:
	@rm -rf $(IMAGE)
	@mkdir -p $(IMAGE)/bin $(LIBDIR)/lib $(LIBDIR)/native
	@cp target/memscan.jar $(LIBDIR)/
	@cp target/lib/*.jar $(LIBDIR)/lib/
	@cp src/main/dist/memscan $(IMAGE)/bin/memscan
	@cp src/main/dist/build-cds-archive $(LIBDIR)/
	@chmod 755 $(IMAGE)/bin/memscan $(LIBDIR)/build-cds-archive
	@# JNA's libjnidispatch for this OS and CPU, so no start has to unpack it.
	@cd $(LIBDIR)/native && jar xf ../lib/jna-[0-9]*.jar com/sun/jna/$(JNA_PLATFORM) \
		&& mv com/sun/jna/$(JNA_PLATFORM)/* . 2>/dev/null; rm -rf com
	@$(LIBDIR)/build-cds-archive $(IMAGE)
	@echo "built $(IMAGE)/bin/memscan"

# JNA's resource folder for this machine (linux-x86-64, linux-aarch64, darwin-aarch64, ...).
JNA_PLATFORM := $(shell uname -s | tr A-Z a-z | sed 's/^darwin.*/darwin/')-$(shell uname -m | sed 's/x86_64/x86-64/; s/amd64/x86-64/; s/arm64/aarch64/')

## test: the whole test suite (unit and integration against real child processes, man pages,
## completions, install/uninstall into a temporary prefix)
test: test-tools build
	$(MVN) test

test-tools:
	@missing=""; command -v man > /dev/null || missing="$$missing man-db"; \
	command -v zsh > /dev/null || missing="$$missing zsh"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get > /dev/null; then \
			echo "installing$$missing for the tests"; \
			(apt-get install -y -qq $$missing > /dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq $$missing; }) \
				|| { echo "could not install$$missing" >&2; exit 1; }; \
		else echo "the tests need$$missing: please install it" >&2; exit 1; fi; \
	fi

## man: regenerate man/*.1, completions/ and the launcher's command list (src/main/dist/memscan)
## from the command tree and the command table (commit the result)
man:
	$(MVN) -q -DskipTests test-compile exec:java@docs

## demo: build, then run the narrated walkthrough against the bundled demo target
demo: build
	$(IMAGE)/bin/memscan demo

## install: build, then put memscan under PREFIX (default ~/.local)
install: build
	@$(MAKE) --no-print-directory install-image PREFIX="$(PREFIX)"

## install-image: install the already built target/image (and man/, completions/) under PREFIX
install-image:
	@test -x $(IMAGE)/bin/memscan || { echo "no $(IMAGE): run make build first" >&2; exit 1; }
	install -d "$(PREFIX)/bin" "$(LIB_DIR)/lib" "$(MAN_DIR)" "$(dir $(BASH_COMPLETION))" "$(dir $(ZSH_COMPLETION))"
	install -m 644 $(LIBDIR)/memscan.jar "$(LIB_DIR)/"
	install -m 644 $(LIBDIR)/lib/*.jar "$(LIB_DIR)/lib/"
	@if ls $(LIBDIR)/native/libjnidispatch.* > /dev/null 2>&1; then \
		install -d "$(LIB_DIR)/native" && install -m 644 $(LIBDIR)/native/libjnidispatch.* "$(LIB_DIR)/native/"; fi
	install -m 755 $(LIBDIR)/build-cds-archive "$(LIB_DIR)/"
	install -m 755 $(IMAGE)/bin/memscan "$(BIN_FILE)"
	install -m 644 man/*.1 "$(MAN_DIR)/"
	install -m 644 completions/memscan.bash "$(BASH_COMPLETION)"
	install -m 644 completions/_memscan "$(ZSH_COMPLETION)"
	@# The class-data archive is tied to its directory: make it again for this one.
	@"$(LIB_DIR)/build-cds-archive" "$(PREFIX)"

## uninstall: remove exactly what install put there (folders it shares with others stay)
uninstall:
	rm -f "$(BIN_FILE)" "$(BASH_COMPLETION)" "$(ZSH_COMPLETION)"
	rm -f "$(MAN_DIR)/memscan.1" "$(MAN_DIR)"/memscan-*.1
	rm -rf "$(LIB_DIR)"

## startup: time one-shot commands as whole processes (median of 10). On a busy machine,
## STARTUP_PRIO="chrt -f 50" (root) runs them ahead of other load, as on an idle machine.
STARTUP_PRIO ?=
startup: build
	@$(STARTUP_PRIO) src/main/dist/measure-startup $(IMAGE)/bin/memscan

clean:
	$(MVN) -q clean

## bench: memscan and scanmem 0.17 side by side on the same benchmark target (installs
## scanmem and time from Debian's packages if missing; needs cc). BENCH_SIZES="256 1024 4096",
## BENCH_REPS=3, BENCH_SNAPSHOT_REPS=1, BENCH_SCANMEM=0 (memscan only). Prints one table.
## Then pointer maps on a 200 MiB heap of pointers (PBENCH_MIB, PBENCH_REPS): src/bench/pointer-bench.sh,
## and serve_bench.sh: 1,000 reads through `memscan serve` against one-shot reads.
bench: build
	src/bench/bench.sh
	src/bench/pointer-bench.sh
	src/bench/serve_bench.sh

## jmh: JMH micro-benchmarks of the compare kernels per type and predicate (1 MiB cached buffer)
JMH_ARGS ?= KernelBenchmark
jmh:
	$(MVN) -q -DskipTests test-compile exec:exec@jmh -Djmh.args="$(JMH_ARGS)"
