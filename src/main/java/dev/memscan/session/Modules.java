package dev.memscan.session;

import dev.memscan.backend.Region;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The files loaded into a process (executable, shared libraries, mapped data
 * files), derived from a region snapshot: every mapping of one file path
 * makes one module. Pure; the OS is asked nothing beyond the map itself.
 */
public final class Modules {

    /**
     * One loaded file.
     *
     * @param base the lowest start address of the file's mappings: what
     *             {@code NAME+OFFSET} counts from
     * @param end  the highest end address of the file's mappings
     * @param path the mapped file as the OS reports it
     * @param name the name {@code MODULE+OFFSET} uses ({@link Region#moduleName()})
     */
    public record Module(long base, long end, String path, String name) {

        /** {@code end - base}: the span of the file's mappings, gaps included. */
        public long size() {
            return end - base;
        }
    }

    private Modules() {
    }

    /**
     * The modules of a snapshot, sorted by base address. A module is every
     * mapping with a file path; anonymous memory and bracketed pseudo-mappings
     * ({@code [heap]}, {@code [stack]}, {@code [vdso]}) are not files and are left
     * out (they still work as {@code [heap]+OFFSET}). Cost: one pass over the regions.
     */
    public static List<Module> of(RegionSnapshot snapshot) {
        Map<String, long[]> spans = new LinkedHashMap<>();
        for (Region r : snapshot.regions()) {
            String path = r.path();
            if (path.isEmpty() || path.startsWith("[")) {
                continue;
            }
            long[] span = spans.get(path);
            if (span == null) {
                spans.put(path, new long[] {r.start(), r.end()});
            } else {
                if (Long.compareUnsigned(r.start(), span[0]) < 0) {
                    span[0] = r.start();
                }
                if (Long.compareUnsigned(r.end(), span[1]) > 0) {
                    span[1] = r.end();
                }
            }
        }
        List<Module> modules = new ArrayList<>(spans.size());
        for (Map.Entry<String, long[]> e : spans.entrySet()) {
            Region named = new Region(e.getValue()[0], e.getValue()[1], "r--p", 0, e.getKey());
            modules.add(new Module(e.getValue()[0], e.getValue()[1], e.getKey(), named.moduleName()));
        }
        modules.sort((a, b) -> Long.compareUnsigned(a.base(), b.base()));
        return modules;
    }

    /**
     * The modules whose name contains one of {@code parts}, ignoring case (an
     * empty or null list keeps all).
     */
    public static List<Module> named(List<Module> modules, List<String> parts) {
        if (parts == null || parts.isEmpty()) {
            return modules;
        }
        List<Module> out = new ArrayList<>();
        for (Module m : modules) {
            String name = m.name().toLowerCase(Locale.ROOT);
            if (parts.stream().anyMatch(p -> name.contains(p.toLowerCase(Locale.ROOT)))) {
                out.add(m);
            }
        }
        return out;
    }
}
