package dev.memscan.session;

import dev.memscan.backend.ProcessIdentity;
import dev.memscan.scan.matches.StepMatches;

import java.nio.file.Path;

/**
 * The current step a {@link ScanWorkflow} keeps open between commands (the shell's
 * refines), reused only while the manifest, read again, still names the same index for
 * the same process; anything else loads the step again from its files.
 */
final class LoadedStep {

    private Path manifest;
    private ProcessIdentity process;
    private String index;
    private StepMatches set;

    /** The current step of {@code saved}: the open one when it is still that step, else read from its files. */
    StepMatches of(SavedScanStore store, SavedScanStore.SavedScan saved) {
        SavedScanStore.Step step = saved.current();
        if (set != null && store.manifest().equals(manifest) && step.indexFile().equals(index)
                && saved.identity().equals(process)) {
            return set;
        }
        forget();
        StepMatches read = StepFiles.readSet(store, step);
        keep(store, saved.identity(), step.indexFile(), read);
        return read;
    }

    /** Keeps {@code matches}, the step whose index is {@code indexFile}, open as the current step. */
    void keep(SavedScanStore store, ProcessIdentity owner, String indexFile, StepMatches matches) {
        manifest = store.manifest();
        process = owner;
        index = indexFile;
        set = matches;
    }

    /** Closes the open step's values file (the file itself stays with the saved scan). */
    void forget() {
        if (set != null) {
            set.close();
        }
        set = null;
        index = null;
        manifest = null;
        process = null;
    }

    /** The open step's match count, or -1 when none is open. */
    long count() {
        return set == null ? -1 : set.count();
    }
}
