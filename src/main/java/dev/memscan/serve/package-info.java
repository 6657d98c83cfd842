/**
 * {@code memscan serve}: one long-lived memscan for scripts, tools and AI agents, speaking
 * JSON-RPC 2.0 ({@link dev.memscan.serve.Server}) or the Model Context Protocol over stdio.
 * Every method is a subcommand of the command table, run in-process through the same picocli
 * model as the command line (as the shell runs them), with {@code --json} forced: its JSON lines
 * are the result's items, its stderr the summary, its exit status the result's exit. Nothing
 * here is loaded unless {@code serve} runs.
 */
package dev.memscan.serve;
