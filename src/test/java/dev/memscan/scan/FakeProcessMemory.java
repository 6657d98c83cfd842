package dev.memscan.scan;

/**
 * The shared {@link dev.memscan.testing.FakeProcessMemory} under the name the
 * scanner tests of this package use unqualified.
 */
final class FakeProcessMemory extends dev.memscan.testing.FakeProcessMemory {
}
