package dev.memscan.cli;

/**
 * Marks a nested subcommand that changes the target's memory or a file in place
 * ({@code table set}, {@code table add}), under a top-level command whose other
 * subcommands only read ({@code table show}): {@code memscan serve} runs it only with
 * {@code --allow-write}, as it does the top-level commands the command table marks as writing.
 */
public interface WritingCommand {
}
