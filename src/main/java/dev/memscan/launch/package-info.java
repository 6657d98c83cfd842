/**
 * What happens before a command runs: the command table ({@link dev.memscan.launch.Subcommand}:
 * every subcommand, its class, and what its start needs), the native-library preload and
 * the compare-loop warm-up that run beside picocli's parse ({@link dev.memscan.launch.Preload}),
 * and the JIT settings the launcher script gives each command (generated from the table).
 * Nothing here changes what a command does, only how soon it gets going.
 */
package dev.memscan.launch;
