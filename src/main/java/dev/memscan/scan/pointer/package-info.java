/**
 * The pointer scan: finds chains of pointers from static slots (inside a
 * module's mappings) to an address, so a value can be found again after the
 * target restarts and every heap address has changed.
 *
 * <p>{@link dev.memscan.scan.pointer.PointerMap} reads the writable memory once
 * and keeps every aligned pointer as two sorted {@code long[]}s;
 * {@link dev.memscan.scan.pointer.PointerSearch} walks backwards from the
 * address over that table, level by level; {@link dev.memscan.scan.pointer.PointerChain}
 * is one result, its text forms and its resolution against a live process.
 * {@link dev.memscan.scan.pointer.PointerMapFile} keeps a map and its bases on
 * disk ({@code pointers --map-out}) so chains can be searched without the
 * process; {@code LevelRanges} does a level's map lookups on several threads.
 * Pure Java: memory only through {@link dev.memscan.backend.ProcessMemory}.
 */
package dev.memscan.scan.pointer;
