package dev.memscan.session;

import dev.memscan.error.SavedScanException;
import dev.memscan.scan.matches.MatchSet;
import dev.memscan.scan.matches.MultiTypeSet;
import dev.memscan.scan.matches.StepMatches;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A step's match index on disk: written (and forced to the disk) before the
 * manifest names it, read back with its values file held open. Cost: one
 * sequential pass over the index file.
 */
final class StepFiles {

    private StepFiles() {
    }

    /** What writes a step's index: a match set's, a group's. */
    interface IndexWriter {
        void write(DataOutputStream out) throws IOException;
    }

    /** Writes {@code set}'s index into the (new, empty) step file {@code index}. */
    static void writeIndex(StepMatches set, Path index) {
        writeIndex(index, set::writeIndex);
    }

    /** Writes an index with {@code writer} into the (new, empty) step file {@code index}, forced to the disk. */
    static void writeIndex(Path index, IndexWriter writer) {
        try (FileChannel ch = FileChannel.open(index, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream raw = Channels.newOutputStream(ch);
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
            writer.write(out);
            out.flush();
            ch.force(true);
        } catch (IOException e) {
            throw new SavedScanException("cannot write the scan index " + index + ": " + e.getMessage()
                    + "; check free space in " + index.getParent(), e);
        }
    }


    /**
     * Reads one step's index and checks that it names the step's values file: a
     * {@link MultiTypeSet} when the manifest gives the step a type set, else a {@link MatchSet}.
     */
    static StepMatches readSet(SavedScanStore store, SavedScanStore.Step step) {
        if (GroupSteps.isGroup(step)) {
            throw new SavedScanException("the saved scan is a group scan (" + step.description() + "); this works "
                    + "with a scan of values: search without -t group first");
        }
        Path index = store.resolve(step.indexFile());
        StepMatches set;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(index), 1 << 16)) {
            DataInputStream data = new DataInputStream(in);
            set = step.types().isEmpty() ? MatchSet.readIndex(data, store.dataDirectory())
                    : MultiTypeSet.readIndex(data, store.dataDirectory());
            if (set instanceof MultiTypeSet multi && !multi.types().label().equals(step.types())) {
                set.close();
                throw new SavedScanException("the saved scan " + store.manifest() + " is inconsistent (its index holds "
                        + "another type set); run search to start a new scan");
            }
        } catch (IOException e) {
            throw new SavedScanException("cannot read the saved scan index " + index + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new SavedScanException("cannot read the saved scan index " + index + ": " + e.getMessage(), e);
        }
        if (!set.valuesFile().getFileName().toString().equals(step.valuesFile())) {
            set.close();
            throw new SavedScanException("the saved scan " + store.manifest() + " is inconsistent (its index names "
                    + "another values file); run search to start a new scan");
        }
        try {
            set.openValues(); // held open from here on, so a writer's cleanup cannot pull it away mid-read
        } catch (RuntimeException e) {
            set.close();
            throw e;
        }
        return set;
    }
}
