# memscan build. Needs only a JDK (17+) and Maven; everything else comes from Maven Central.
PREFIX ?= $(HOME)/.local
MVN ?= mvn -B -ntp
IMAGE := target/image
LIBDIR := $(IMAGE)/lib/memscan

.PHONY: all build test demo install uninstall clean bench

all: build

## build: compile and lay out a runnable image in target/image (bin/memscan, lib/memscan/)
build:
	$(MVN) -q -DskipTests package
	@rm -rf $(IMAGE)
	@mkdir -p $(IMAGE)/bin $(LIBDIR)/lib
	@cp target/memscan.jar $(LIBDIR)/
	@cp target/lib/*.jar $(LIBDIR)/lib/
	@cp src/main/dist/memscan $(IMAGE)/bin/memscan
	@chmod 755 $(IMAGE)/bin/memscan
	@echo "built $(IMAGE)/bin/memscan"

## test: the whole test suite (unit and integration against real child processes)
test:
	$(MVN) verify

## demo: build, then run the narrated walkthrough against the bundled demo target
demo: build
	$(IMAGE)/bin/memscan demo

## install: put memscan under PREFIX (default ~/.local)
install: build
	install -d $(PREFIX)/bin $(PREFIX)/lib/memscan/lib
	install -m 644 $(LIBDIR)/memscan.jar $(PREFIX)/lib/memscan/
	install -m 644 $(LIBDIR)/lib/*.jar $(PREFIX)/lib/memscan/lib/
	install -m 755 $(IMAGE)/bin/memscan $(PREFIX)/bin/memscan

## uninstall: remove exactly what install put there
uninstall:
	rm -f $(PREFIX)/bin/memscan
	rm -rf $(PREFIX)/lib/memscan

clean:
	$(MVN) -q clean
