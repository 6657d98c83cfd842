package dev.memscan.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code memscan --version}: the version from the jar manifest, and the JVM and OS it runs on. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = MemscanCommand.class.getPackage().getImplementationVersion();
        return new String[] {
                "memscan " + (v == null ? "(development build)" : v),
                "Java " + System.getProperty("java.version") + ", " + System.getProperty("os.name")
                        + " " + System.getProperty("os.arch")};
    }
}
