package dev.memscan.serve;

import dev.memscan.backend.ProcessIdentity;
import dev.memscan.backend.ProcessInfo;
import dev.memscan.error.ExitCode;
import dev.memscan.error.MemscanException;
import dev.memscan.session.ScanSession;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a server lets its clients do. Commands the table marks as writing run only with
 * {@code --allow-write}. When the server was started with a target ({@code -p}/{@code -n})
 * or with {@code --allow-pid}/{@code --allow-name}, a request may attach only to those
 * processes: a pid given there, or a process whose name (comm or executable base name, as
 * {@code -n} matches) is given there, checked when the request arrives. The server's own
 * target is also the default of requests that name none.
 */
final class AccessPolicy {

    private final boolean allowWrite;
    private final Set<Integer> pids;
    private final Set<String> names;
    private final Integer defaultPid;
    private final String defaultName;
    /** Processes already found allowed by name (pid and start time: a reused pid is checked again). */
    private final Set<ProcessIdentity> allowedByName = new HashSet<>();

    AccessPolicy(boolean allowWrite, List<Integer> allowPids, List<String> allowNames, Integer pid, String name) {
        this.allowWrite = allowWrite;
        this.pids = new HashSet<>(allowPids);
        this.names = new HashSet<>(allowNames);
        this.defaultPid = pid;
        this.defaultName = name;
        if (pid != null) {
            pids.add(pid);
        }
        if (name != null) {
            names.add(name);
        }
    }

    /** Whether attaching is limited to named processes. */
    boolean restricted() {
        return !pids.isEmpty() || !names.isEmpty();
    }

    /**
     * The params {@code m} runs with: the server's target added when the request names none.
     *
     * @throws RpcError a write without --allow-write, or a target outside the allow list (exit 4)
     */
    Map<String, Object> apply(CommandMethods.Method m, Map<String, Object> params, ScanSession session) throws RpcError {
        if (m.writes() && !allowWrite) {
            throw refused("'" + m.name() + "' changes memory or files; this server was started without --allow-write");
        }
        if (!m.takesTarget()) {
            return params;
        }
        Object pid = params.get("pid");
        Object name = params.get("name");
        if (pid == null && name == null) {
            Map<String, Object> withTarget = new LinkedHashMap<>(params);
            if (defaultPid != null) {
                withTarget.put("pid", Integer.toString(defaultPid));
            } else if (defaultName != null) {
                withTarget.put("name", defaultName);
            } else if (restricted() && !session.attached() && session.env().get("MEMSCAN_PID") != null) {
                checkPid(session, Json.word(session.env().get("MEMSCAN_PID").strip()));
            }
            return withTarget; // else the attached process, which was checked when it was attached
        }
        if (!restricted()) {
            return params;
        }
        if (pid != null) {
            checkPid(session, Json.word(pid));
        }
        if (name != null && !names.contains(Json.word(name))) {
            for (ProcessInfo p : session.backend().findByName(String.valueOf(Json.word(name)))) {
                checkPid(session, Integer.toString(p.pid()));
            }
        }
        return params;
    }

    private void checkPid(ScanSession session, String text) throws RpcError {
        int pid;
        try {
            pid = Integer.parseInt(String.valueOf(text).strip());
        } catch (NumberFormatException e) {
            return; // not a pid: the command says so (exit 2)
        }
        if (pids.contains(pid)) {
            return;
        }
        ProcessIdentity id;
        try {
            id = session.backend().identify(pid);
        } catch (MemscanException e) {
            return; // no such process: the command says so (exit 3)
        }
        if (allowedByName.contains(id)) {
            return;
        }
        for (String n : names) {
            for (ProcessInfo p : session.backend().findByName(n)) {
                if (p.pid() == pid) {
                    allowedByName.add(id);
                    return;
                }
            }
        }
        throw refused("process " + pid + " is not one this server may attach to; start memscan serve with -p "
                + pid + " or --allow-pid " + pid + " (or --allow-name NAME)");
    }

    private static RpcError refused(String message) {
        return new RpcError(RpcError.COMMAND_FAILED, message, Json.object("exit", ExitCode.ACCESS_DENIED));
    }
}
