/**
 * Address tables: the named values a scan leaves behind, kept in a TOML file
 * that still works after the target restarts ({@code memscan table}).
 *
 * <p>{@link dev.memscan.table.TableEntry} is one named value (an address
 * expression as {@code read} takes it, a type, and optional description,
 * freeze value and group); {@link dev.memscan.table.AddressTable} the ordered
 * entries of one file; {@link dev.memscan.table.TableToml} their TOML form and
 * {@link dev.memscan.table.TableFile} the file's checks, bounded reading and
 * atomic rewriting; {@link dev.memscan.table.CheatTableImport} converts Cheat
 * Engine's {@code .CT} XML; {@link dev.memscan.table.LiveTable} resolves the
 * entries in an attached process, each on its own, for {@code show},
 * {@code set}, {@code freeze} and {@code watch}.
 */
package dev.memscan.table;
