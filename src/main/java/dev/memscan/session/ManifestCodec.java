package dev.memscan.session;

import dev.memscan.backend.ProcessIdentity;
import dev.memscan.error.SavedScanException;
import dev.memscan.error.UsageException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The bytes of a saved-scan manifest: magic, version, the process identity,
 * the steps, the named steps (version 3; a version 2 manifest reads as one
 * without names), a CRC32C. Strings are an int length and UTF-8 bytes (no 64 KiB
 * limit: a 70,000-digit pattern's description fits); a manifest is untrusted
 * input, so every length is checked against the bytes really there and
 * {@link #MAX_STRING_BYTES} before anything is allocated.
 */
final class ManifestCodec {

    static final int MAGIC = 0x4D53434E; // "MSCN"
    /** 4: each step's type set (multi-type steps); 3: named steps after the steps; 2: length-prefixed strings (1 used writeUTF). */
    static final int VERSION = 4;
    /** The version before type sets: its steps are all of one type. */
    private static final int VERSION_WITHOUT_TYPES = 3;
    /** The oldest version still read: it differs only in having no named steps. */
    private static final int VERSION_WITHOUT_NAMES = 2;
    /** The longest string a manifest may hold (a description of a 1 MiB pattern fits). */
    static final int MAX_STRING_BYTES = 8 << 20;
    /** The largest manifest read: every kept step with the longest description. */
    static final long MAX_MANIFEST_BYTES = (long) (SavedScanStore.MAX_STEPS + NamedSteps.MAX_NAMES)
            * (MAX_STRING_BYTES + 1024) + 4096;

    private final Path manifest;

    ManifestCodec(Path manifest) {
        this.manifest = manifest;
    }

    static byte[] encode(SavedScanStore.SavedScan scan) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(scan.identity().pid());
            out.writeLong(scan.identity().startTime());
            writeString(out, scan.identity().name());
            out.writeInt(scan.steps().size());
            for (SavedScanStore.Step s : scan.steps()) {
                writeStep(out, s);
            }
            out.writeInt(scan.names().size());
            for (Map.Entry<String, SavedScanStore.Step> named : scan.names().entrySet()) {
                writeString(out, named.getKey());
                writeStep(out, named.getValue());
            }
            out.flush();
            CRC32C crc = new CRC32C();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeStep(DataOutputStream out, SavedScanStore.Step s) throws IOException {
        writeString(out, s.indexFile());
        writeString(out, s.valuesFile());
        writeString(out, s.description());
        out.writeLong(s.matchCount());
        writeString(out, s.types());
    }

    /** Length-prefixed UTF-8; refuses a string {@link #MAX_STRING_BYTES} could not read back. */
    static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > MAX_STRING_BYTES) {
            throw new IllegalArgumentException("a saved-scan string of " + b.length + " bytes is over the limit");
        }
        out.writeInt(b.length);
        out.write(b);
    }

    /** Reads what {@link #writeString} wrote, bounded by the bytes left and {@code max}. */
    static String readString(DataInputStream in, int left, int max) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > max || n > left) {
            throw new IOException("bad string length " + n);
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    SavedScanStore.SavedScan decode(byte[] bytes) {
        if (bytes.length < 8 || ByteBuffer.wrap(bytes).getInt(0) != MAGIC) {
            throw new SavedScanException(manifest + " is not a memscan saved scan; remove it or pass another --session file");
        }
        if (bytes.length < 12) {
            throw corrupt("truncated", null);
        }
        int version = ByteBuffer.wrap(bytes).getInt(4);
        if (version != VERSION && version != VERSION_WITHOUT_TYPES && version != VERSION_WITHOUT_NAMES) {
            throw new SavedScanException(manifest + " was written by another memscan version (format " + version
                    + "); run search to start a new scan");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(bytes).getInt(bytes.length - 4)) {
            throw corrupt("checksum mismatch (truncated or damaged)", null);
        }
        ByteArrayInputStream raw = new ByteArrayInputStream(bytes, 8, bytes.length - 12);
        try (DataInputStream in = new DataInputStream(raw)) {
            ProcessIdentity id = new ProcessIdentity(in.readInt(), in.readLong(), readString(in, raw.available(), 4096));
            int n = in.readInt();
            if (n < 1 || n > SavedScanStore.MAX_STEPS) {
                throw corrupt("bad step count " + n, null);
            }
            List<SavedScanStore.Step> steps = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                steps.add(readStep(in, raw, version));
            }
            Map<String, SavedScanStore.Step> names = new TreeMap<>();
            int named = version == VERSION_WITHOUT_NAMES ? 0 : in.readInt();
            if (named < 0 || named > NamedSteps.MAX_NAMES) {
                throw corrupt("bad name count " + named, null);
            }
            for (int i = 0; i < named; i++) {
                String name = readString(in, raw.available(), NamedSteps.MAX_NAME_LENGTH);
                if (!NamedSteps.isName(name) || names.put(name, readStep(in, raw, version)) != null) {
                    throw corrupt("bad step name", null);
                }
            }
            if (in.available() != 0) {
                throw corrupt("trailing bytes", null);
            }
            return new SavedScanStore.SavedScan(id, List.copyOf(steps), names);
        } catch (EOFException e) {
            throw corrupt("truncated", e);
        } catch (IOException e) {
            throw corrupt(e.getMessage(), e);
        }
    }

    /** One step entry; its file names must be memscan's own, so a manifest never points elsewhere. */
    private SavedScanStore.Step readStep(DataInputStream in, ByteArrayInputStream raw, int version) throws IOException {
        SavedScanStore.Step s = new SavedScanStore.Step(readString(in, raw.available(), 255),
                readString(in, raw.available(), 255), readString(in, raw.available(), MAX_STRING_BYTES),
                in.readLong(), version < VERSION ? "" : readString(in, raw.available(), 16));
        if (!OwnFiles.isStepFileName(s.indexFile())
                || !(s.types().isEmpty() || dev.memscan.scan.TypeSet.fromName(s.types()) != null)
                || !(s.valuesFile().isEmpty() || OwnFiles.isStepFileName(s.valuesFile()))
                || s.matchCount() < 0) {
            throw corrupt("bad step entry", null);
        }
        return s;
    }

    private SavedScanException corrupt(String why, Throwable cause) {
        return new SavedScanException("the saved scan " + manifest + " is corrupt (" + why
                + "); run search to start a new scan", cause);
    }

    /** A step's description, refused before any work when a saved scan could not hold it. */
    static String checkedDescription(String description) {
        if ((long) description.length() * 3 > MAX_STRING_BYTES
                && description.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_STRING_BYTES) {
            throw new UsageException("the search is too long to save (" + description.length()
                    + " characters; at most " + MAX_STRING_BYTES + " bytes); search for a shorter value");
        }
        return description;
    }
}
