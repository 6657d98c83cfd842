package dev.memscan.cli;

import dev.memscan.testing.TargetProcess;
import dev.memscan.testing.TestEnv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static dev.memscan.testing.Hex.range;

/**
 * The set-up of the command tests that scan and save: before each test a fresh
 * target with one zeroed block {@code b} of the size the test class gives, and an
 * empty state directory, so no saved scan leaks from one test into the next.
 * {@link #cli} runs a command line attached to that target.
 */
abstract class CliTargetFixture {

    @TempDir
    Path state;

    TargetProcess target;
    String pid;
    /** The address of the block the target allocated under the name {@code b}. */
    long block;
    /** The block as a {@code --range} argument. */
    String range;

    private final int blockSize;

    CliTargetFixture(int blockSize) {
        this.blockSize = blockSize;
    }

    @BeforeEach
    void startTarget() {
        target = TargetProcess.start();
        pid = Integer.toString(target.pid());
        block = target.alloc("b", blockSize);
        range = range(block, blockSize);
    }

    @AfterEach
    void stopTarget() {
        target.close();
    }

    /** This JVM's environment without MEMSCAN_PID, with the test's own state directory. */
    Map<String, String> env() {
        return TestEnv.withState(state);
    }

    /** Runs {@code args -p PID} in-process. */
    Cli cli(String... args) {
        return Cli.attached(pid, env(), args);
    }
}
