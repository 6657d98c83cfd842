package dev.memscan.backend;

import dev.memscan.error.MemscanException;
import dev.memscan.error.UsageException;

import java.lang.reflect.InvocationTargetException;
import java.util.Locale;

/**
 * Picks the backend for the running OS from {@code os.name}. Only the chosen
 * backend's classes are loaded, so JNA bindings of the other systems are
 * never touched (and a Linux run never loads Windows' Kernel32).
 */
public final class Backends {

    /** The operating systems memscan has a backend for. */
    public enum Os { LINUX, WINDOWS, MACOS, UNSUPPORTED }

    private static Backend current;

    private Backends() {
    }

    /** Classifies an {@code os.name} value. Pure; tested on every OS. */
    public static Os classify(String osName) {
        String n = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        if (n.startsWith("linux")) {
            return Os.LINUX;
        }
        if (n.startsWith("windows")) {
            return Os.WINDOWS;
        }
        if (n.startsWith("mac") || n.startsWith("darwin")) {
            return Os.MACOS;
        }
        return Os.UNSUPPORTED;
    }

    /** The backend of this OS, created on first use. */
    public static synchronized Backend current() {
        if (current == null) {
            current = create(System.getProperty("os.name"));
        }
        return current;
    }

    /** The fully qualified class of the backend for an OS, or null if there is none. */
    static String backendClassName(Os os) {
        return switch (os) {
            case LINUX -> "dev.memscan.backend.linux.LinuxBackend";
            case WINDOWS -> "dev.memscan.backend.windows.WindowsBackend";
            case MACOS -> "dev.memscan.backend.macos.MacBackend";
            case UNSUPPORTED -> null;
        };
    }

    /**
     * Creates the backend for an {@code os.name} value: loads only that backend's
     * class, by name, and calls its public no-arg constructor (which touches no
     * native library yet). Package-private so tests can ask for any OS.
     *
     * @throws UsageException on an operating system memscan has no backend for, or
     *                        when the backend cannot be loaded on this machine
     */
    static Backend create(String osName) {
        String className = backendClassName(classify(osName));
        if (className == null) {
            throw new UsageException("memscan does not support this operating system ("
                    + describe(osName) + "); it runs on Linux, Windows and macOS");
        }
        try {
            return (Backend) Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof MemscanException m) {
                throw m;
            }
            throw cannotLoad(osName, className, e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw cannotLoad(osName, className, e);
        }
    }

    private static String describe(String osName) {
        String name = osName == null || osName.isBlank() ? "unknown" : osName;
        return name + ", " + System.getProperty("os.arch", "unknown architecture");
    }

    private static UsageException cannotLoad(String osName, String className, Throwable cause) {
        UsageException e = new UsageException("cannot load the memscan backend for " + describe(osName)
                + " (" + className + "): " + cause);
        e.initCause(cause);
        return e;
    }
}
