package dev.memscan.backend;

import dev.memscan.error.UsageException;

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

    private static Backend create(String osName) {
        String className = backendClassName(classify(osName));
        if (className == null) {
            throw new UsageException("memscan does not support this operating system (" + osName
                    + "); supported: Linux, Windows, macOS");
        }
        try {
            return (Backend) Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load backend " + className, e);
        }
    }
}
