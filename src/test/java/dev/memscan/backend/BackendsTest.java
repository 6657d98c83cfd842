package dev.memscan.backend;

import dev.memscan.backend.macos.MacBackend;
import dev.memscan.backend.windows.WindowsBackend;
import dev.memscan.error.ExitCode;
import dev.memscan.error.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackendsTest {

    @Test
    void classifiesTheOsNamesJavaReports() {
        assertEquals(Backends.Os.LINUX, Backends.classify("Linux"));
        assertEquals(Backends.Os.WINDOWS, Backends.classify("Windows 10"));
        assertEquals(Backends.Os.WINDOWS, Backends.classify("Windows 11"));
        assertEquals(Backends.Os.WINDOWS, Backends.classify("Windows Server 2022"));
        assertEquals(Backends.Os.MACOS, Backends.classify("Mac OS X"));
        assertEquals(Backends.Os.MACOS, Backends.classify("Darwin"));
        assertEquals(Backends.Os.UNSUPPORTED, Backends.classify("FreeBSD"));
        assertEquals(Backends.Os.UNSUPPORTED, Backends.classify("SunOS"));
        assertEquals(Backends.Os.UNSUPPORTED, Backends.classify("AIX"));
        assertEquals(Backends.Os.UNSUPPORTED, Backends.classify(""));
        assertEquals(Backends.Os.UNSUPPORTED, Backends.classify(null));
    }

    @Test
    void namesTheBackendClassOfEachOs() {
        assertEquals("dev.memscan.backend.linux.LinuxBackend", Backends.backendClassName(Backends.Os.LINUX));
        assertEquals(WindowsBackend.class.getName(), Backends.backendClassName(Backends.Os.WINDOWS));
        assertEquals(MacBackend.class.getName(), Backends.backendClassName(Backends.Os.MACOS));
        assertNull(Backends.backendClassName(Backends.Os.UNSUPPORTED));
    }

    @Test
    void unsupportedOsIsAClearUsageError() {
        UsageException e = assertThrows(UsageException.class, () -> Backends.create("Plan 9"));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith("memscan does not support this operating system (Plan 9, "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("it runs on Linux, Windows and macOS"), e.getMessage());
        UsageException unnamed = assertThrows(UsageException.class, () -> Backends.create(null));
        assertTrue(unnamed.getMessage().contains("(unknown, "), unnamed.getMessage());
    }

    @Test
    void otherSystemsBackendsAreCreatedReflectivelyWithoutTouchingTheirLibraries() {
        // Their constructors load nothing native: kernel32 and libSystem are absent here,
        // so reaching them would throw UnsatisfiedLinkError.
        assertInstanceOf(WindowsBackend.class, Backends.create("Windows 11"));
        assertInstanceOf(MacBackend.class, Backends.create("Mac OS X"));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void thisLinuxGetsTheLinuxBackend() {
        assertEquals(Backends.Os.LINUX, Backends.classify(System.getProperty("os.name")));
        assertEquals(Backends.backendClassName(Backends.Os.LINUX), Backends.current().getClass().getName());
        assertEquals(Backends.backendClassName(Backends.Os.LINUX), Backends.create("Linux").getClass().getName());
    }

    /**
     * Loads memscan's own classes afresh and records every class they ask for, so a
     * test can see what a piece of code pulls in. Everything else is delegated.
     */
    private static final class RecordingLoader extends ClassLoader {
        final Set<String> requested = ConcurrentHashMap.newKeySet();

        RecordingLoader() {
            super(BackendsTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            requested.add(name);
            if (!name.startsWith("dev.memscan.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    String resource = name.replace('.', '/') + ".class";
                    try (InputStream in = getParent().getResourceAsStream(resource)) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        byte[] bytes = in.readAllBytes();
                        c = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }

    @Test
    void classifyingAndNamingLoadNoBackendAndNoJna() throws Exception {
        RecordingLoader loader = new RecordingLoader();
        Class<?> backends = Class.forName("dev.memscan.backend.Backends", true, loader);
        Method classify = backends.getMethod("classify", String.class);
        Method className = backends.getDeclaredMethod("backendClassName",
                Class.forName("dev.memscan.backend.Backends$Os", true, loader));
        className.setAccessible(true);
        for (String os : List.of("Windows 11", "Mac OS X", "Linux", "Haiku")) {
            Object kind = classify.invoke(null, os);
            className.invoke(null, kind);
        }
        assertTrue(loader.requested.contains("dev.memscan.backend.Backends"));
        for (String name : loader.requested) {
            assertTrue(!name.startsWith("dev.memscan.backend.windows.")
                            && !name.startsWith("dev.memscan.backend.macos.")
                            && !name.startsWith("dev.memscan.backend.linux.")
                            && !name.startsWith("com.sun.jna."),
                    "classifying and naming loaded " + name);
        }
    }

    @Test
    void theRecordingLoaderSeesABackendWhenOneIsCreated() throws Exception {
        // Proves the test above could fail: creating the Windows backend does load it.
        RecordingLoader loader = new RecordingLoader();
        Class<?> backends = Class.forName("dev.memscan.backend.Backends", true, loader);
        Method create = backends.getDeclaredMethod("create", String.class);
        create.setAccessible(true);
        create.invoke(null, "Windows 11"); // Class.forName resolves through Backends' own loader
        assertTrue(loader.requested.contains("dev.memscan.backend.windows.WindowsBackend"), loader.requested::toString);
    }
}
