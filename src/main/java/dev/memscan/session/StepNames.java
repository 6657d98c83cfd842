package dev.memscan.session;

import dev.memscan.backend.ProcessMemory;
import dev.memscan.error.SavedScanException;
import dev.memscan.error.UsageException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The named steps ({@code --save-as NAME}) of the attached process's saved scan, as
 * {@code matches --steps} lists them and {@code memscan forget NAME} drops them; the
 * rules for names are {@link NamedSteps}'.
 */
public final class StepNames {

    private final ScanSession session;
    private final ScanWorkflow workflow;
    private final Consumer<String> lockNotice;

    StepNames(ScanSession session, ScanWorkflow workflow, Consumer<String> lockNotice) {
        this.session = session;
        this.workflow = workflow;
        this.lockNotice = lockNotice;
    }

    /**
     * Forgets the step named {@code name} ({@code memscan forget NAME}); its files go
     * unless the undo chain still holds the step.
     *
     * @return the forgotten step
     * @throws UsageException {@code first} or not a name
     * @throws SavedScanException no saved scan, or no step of that name (exit 6)
     */
    public SavedScanStore.Step forget(String name, Path sessionFile) {
        if (NamedSteps.FIRST.equals(NamedSteps.requireReference(name, "forget"))) {
            throw new UsageException("the first step stays until a new search; 'forget PID' forgets the whole saved scan");
        }
        ProcessMemory memory = session.memory();
        SavedScanStore store = workflow.store(sessionFile);
        store.readConsistently(() -> store.require(memory.identity()));
        try (ScanLock lock = store.lock("forget " + name, ScanLock.waitFrom(session.env()), lockNotice)) {
            SavedScanStore.SavedScan saved = store.require(memory.identity());
            SavedScanStore.Step step = saved.names().get(name);
            if (step == null) {
                throw NamedSteps.missing(saved, name);
            }
            Map<String, SavedScanStore.Step> names = new TreeMap<>(saved.names());
            names.remove(name);
            store.save(memory.identity(), saved.steps(), names); // the loaded set is a chain step: it stays valid
            return step;
        }
    }

    /**
     * The steps and names of the saved scan ({@code matches --steps}).
     *
     * @throws SavedScanException no usable saved scan (exit 6)
     */
    public List<NamedSteps.StepInfo> list(Path sessionFile) {
        SavedScanStore store = workflow.store(sessionFile);
        return NamedSteps.list(store.readConsistently(() -> store.require(session.memory().identity())));
    }
}
