/**
 * Benchmarks run by hand, never by {@code mvn test}: every one is named
 * {@code *Benchmark} and has a {@code main} (or is a JMH benchmark) whose
 * Javadoc says how to run it. They live here unless they measure a class that
 * is not public: {@code KernelBenchmark} ({@code make jmh}) and
 * {@code KernelThroughputBenchmark} time the package-private compare kernels
 * and so stay in the kernels' package.
 */
package dev.memscan.bench;
