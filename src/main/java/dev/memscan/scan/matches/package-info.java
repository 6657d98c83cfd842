/**
 * Match sets: what a search or refine step found ({@link dev.memscan.scan.matches.MatchSet},
 * read-only), the one builder that stores them
 * ({@link dev.memscan.scan.matches.MatchSetBuilder}), cursors and lookups over them,
 * and their files.
 *
 * <h2>Values file format</h2>
 * A match set's old values live in {@code values-<16 hex>.bin} in the directory the
 * caller gives (mode 0600), referenced by name from the index. The file is a
 * sequence of records with no header, placed by positional writes at an atomically
 * advanced offset (so their order follows thread timing, not addresses); the chunk
 * table in the index gives each chunk's record kind, offset, length and CRC32C, and
 * the sparse group table each sparse-list record's offset and CRC32C:
 * <ul>
 * <li>RAW: the chunk's bytes as read, {@code readLength} bytes (the chunk plus up to
 * {@code width - 1} bytes of the next one); used for {@code unknown} and for chunks
 * where at least half the bytes are matched values. The old value of slot {@code s}
 * is at offset {@code s * alignment}.</li>
 * <li>PACKED: the matched values in address order, {@code width} bytes each, in the
 * target's byte order; the k-th match of the chunk's bitmap is at {@code k * width}.</li>
 * <li>sparse group: the old values of sparse-list matches {@code g * G} to
 * {@code (g + 1) * G - 1} (G = 4,096, fewer for patterns wider than 16 bytes so a
 * record stays near 64 KiB), {@code width} bytes each in address order; appended
 * after the chunk records, in order.</li>
 * <li>none: every old value is the searched constant (exact integer {@code eq}, or
 * float {@code eq} with {@code --float exact}); the index holds that value.</li>
 * </ul>
 * A record whose CRC32C does not match is reported as a
 * {@link dev.memscan.error.SavedScanException} when it is read.
 *
 * <h2>Index format ({@link dev.memscan.scan.matches.MatchSet#writeIndex})</h2>
 * Big-endian {@code DataOutput}: magic {@code "MSIX"}, version 5, type label (UTF),
 * big-endian flag, alignment, width, ignore-case flag, predicate text (int length and
 * UTF-8 bytes, at most 8 MiB: a long pattern's text is over {@code writeUTF}'s 64 KiB), constant flag and raw
 * value, values file name (UTF) and length; region count and per region start, end,
 * perms (UTF), file offset, path (UTF); chunk count and per chunk region index,
 * address, own length, read length, record kind, record offset, record length,
 * record CRC32C, bitmap size and the RoaringBitmap in its portable serialised form
 * (chunks with at least 32 matches only); sparse-list count and the addresses
 * (ascending, each aligned inside a region and outside every chunk); sparse group
 * count (none when constant) and per group record offset and CRC32C; last a CRC32C
 * of everything before it. {@code readIndex} checks all of it and refuses other versions.
 *
 * <h2>Multi-type steps ({@link dev.memscan.scan.matches.MultiTypeSet})</h2>
 * One ordinary set per member type, all appending to one values file
 * ({@link dev.memscan.scan.matches.SharedValues}); after {@code unknown} every member's
 * chunk names the same RAW record. The index is magic {@code "MSMT"}, version 1, the
 * type set's label (UTF), the member count, then each member's index as above.
 */
package dev.memscan.scan.matches;
