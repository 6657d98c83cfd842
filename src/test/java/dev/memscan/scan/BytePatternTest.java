package dev.memscan.scan;

import dev.memscan.error.UsageException;
import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parsing, the anchor choice and the matcher of {@link BytePattern}, case folding included. */
class BytePatternTest {

    /** Offsets (alignment 1 unless given) where {@code p} matches in {@code mem}, through the scan kernel. */
    static List<Integer> hits(BytePattern p, byte[] mem, int align) {
        ChunkBuffer cb = new ChunkBuffer(mem.length + 64);
        cb.bytes.put(0, mem);
        int limit = mem.length - p.length() + 1;
        int[] out = new int[Math.max(limit, 1)];
        int n = limit <= 0 ? 0 : p.scan(cb, limit, align, out, 0);
        List<Integer> r = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            r.add(out[i] * align);
        }
        return r;
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    static byte[] padded(String text, Charset cs, int before, int after) {
        byte[] t = text.getBytes(cs);
        byte[] m = new byte[before + t.length + after];
        for (int i = 0; i < m.length; i++) {
            m[i] = (byte) (0x90 + i % 7); // not text, not zero
        }
        System.arraycopy(t, 0, m, before, t.length);
        return m;
    }

    @Test
    void everyWildcardForm() {
        assertEquals("48 8b ?? 90", BytePattern.parse(ValueType.BYTES, "48 8B ?? 90").toString());
        assertEquals("48 8b ?? 90", BytePattern.parse(ValueType.BYTES, "488b??90").toString());
        assertEquals("48 8b ?? 90", BytePattern.parse(ValueType.BYTES, "48 8B ? 90").toString());
        assertEquals("5? ?f", BytePattern.parse(ValueType.BYTES, "5? ?F").toString());
        assertEquals("5? ?f ??", BytePattern.parse(ValueType.BYTES, "5??F??").toString());
        assertEquals("?? ??", BytePattern.parse(ValueType.BYTES, "? ?").toString());
        for (String bad : new String[] {"", "  ", "4", "48 8", "zz", "4g", "48 ?8?", "0x48"}) {
            assertThrows(UsageException.class, () -> BytePattern.parse(ValueType.BYTES, bad), bad);
        }
    }

    @Test
    void nibbleWildcardsMatchOnlyTheirNibble() {
        BytePattern hi = BytePattern.parse(ValueType.BYTES, "5?");
        BytePattern lo = BytePattern.parse(ValueType.BYTES, "?F");
        byte[] mem = hex("50 5f 4f ff 6f 05 af 5a");
        assertEquals(List.of(0, 1, 7), hits(hi, mem, 1));
        assertEquals(List.of(1, 2, 3, 4, 6), hits(lo, mem, 1));
        assertEquals(List.of(1), hits(BytePattern.parse(ValueType.BYTES, "5? 4?"), mem, 1));
        assertEquals(List.of(3), hits(BytePattern.parse(ValueType.BYTES, "?f 6? ?5"), mem, 1));
    }

    @Test
    void overlappingHitsAreAllReported() {
        assertEquals(List.of(0, 1), hits(BytePattern.parse(ValueType.BYTES, "aa aa"), hex("aa aa aa"), 1));
        byte[] many = new byte[100];
        java.util.Arrays.fill(many, (byte) 0xaa);
        assertEquals(98, hits(BytePattern.parse(ValueType.BYTES, "aa ?? aa"), many, 1).size());
        assertEquals(List.of(0, 2, 4), hits(BytePattern.parse(ValueType.BYTES, "aa aa"), hex("aa aa aa aa aa aa 00"), 2));
    }

    @Test
    void onlyWildcardsMatchEveryCandidate() {
        BytePattern any = BytePattern.parse(ValueType.BYTES, "?? ?");
        assertEquals(-1, any.anchorPosition());
        assertEquals(List.of(0, 1, 2, 3), hits(any, hex("00 11 22 33 44"), 1));
        assertEquals(List.of(0, 2), hits(any, hex("00 11 22 33 44"), 2));
    }

    @Test
    void anchorIsTheRarestFixedByte() {
        assertEquals(2, BytePattern.parse(ValueType.BYTES, "00 ff c7 01 00").anchorPosition());
        assertEquals(3, BytePattern.parse(ValueType.BYTES, "00 00 ?? 9e 00").anchorPosition());
        assertEquals(1, BytePattern.parse(ValueType.BYTES, "48 b7 8b").anchorPosition()); // not the opcode bytes
        assertEquals(0, BytePattern.parse(ValueType.BYTES, "00").anchorPosition());
        assertEquals(1, BytePattern.parse(ValueType.BYTES, "0? 9?").anchorPosition()); // partial masks too
    }

    @Test
    void oneOrTwoBytesDriveTheScan() {
        String[] patterns = {"00 c7 ?? 5? 00", "?? c7 ?? ??", "c7 ?? ?? ?? ?? ?? ?? 9e", "c7 ?? ?? ?? ?? ?? ?? ?? 9e",
                "c7 9e", "?e ?? c?"};
        int[] partners = {3, -1, 7, -1, 1, 0};
        for (int k = 0; k < patterns.length; k++) {
            BytePattern p = BytePattern.parse(ValueType.BYTES, patterns[k]);
            assertEquals(partners[k], p.partnerPosition(), patterns[k]);
            byte[] planted = new byte[p.length()];
            for (int i = 0; i < planted.length; i++) {
                planted[i] = (byte) (0x11 * i); // filled in where the pattern has wildcards
            }
            String[] words = patterns[k].split(" ");
            for (int i = 0; i < words.length; i++) {
                String w = words[i];
                int hi = w.charAt(0) == '?' ? (planted[i] >> 4) & 0xf : Character.digit(w.charAt(0), 16);
                int lo = w.charAt(1) == '?' ? planted[i] & 0xf : Character.digit(w.charAt(1), 16);
                planted[i] = (byte) (hi << 4 | lo);
            }
            for (int at = 0; at + planted.length <= 90; at++) {
                byte[] mem = new byte[90];
                System.arraycopy(planted, 0, mem, at, planted.length);
                List<Integer> got = hits(p, mem, 1);
                assertTrue(got.contains(at), patterns[k] + " at " + at + ": " + got);
                for (int g : got) {
                    assertTrue(p.matchesAt(java.nio.ByteBuffer.wrap(mem), g), patterns[k] + " false hit " + g);
                }
            }
        }
    }

    @Test
    void patternFoundWhereverItSitsInALongBuffer() {
        // every offset relative to the 32-byte SWAR blocks, at both ends of the buffer
        BytePattern p = BytePattern.parse(ValueType.BYTES, "00 c7 ?? 5? 00");
        for (int at = 0; at <= 95; at++) {
            byte[] mem = new byte[100];
            System.arraycopy(hex("00 c7 12 5e 00"), 0, mem, at, 5);
            assertEquals(List.of(at), hits(p, mem, 1), "at " + at);
        }
    }

    @Test
    void asciiIgnoreCaseIsAMaskPattern() {
        BytePattern p = BytePattern.parse(ValueType.STR, "Player1!", true);
        assertEquals(8, p.length());
        assertEquals(8, p.minLength());
        assertFalse(p.toString().contains("any case"));
        assertEquals(List.of(3), hits(p, padded("pLAYER1!", StandardCharsets.UTF_8, 3, 4), 1));
        assertEquals(List.of(), hits(p, padded("pLAYER1?", StandardCharsets.UTF_8, 3, 4), 1));
        // '@' and '`' differ from 'P'/'p' only in the case bit: letters alone get the 0xdf mask
        assertEquals(List.of(), hits(BytePattern.parse(ValueType.STR, "@", true), "`".getBytes(StandardCharsets.UTF_8), 1));
        // ASCII text folds only ASCII: the Kelvin sign is not a k here
        assertEquals(List.of(), hits(BytePattern.parse(ValueType.STR, "k", true), "\u212A".getBytes(StandardCharsets.UTF_8), 1));
    }

    @Test
    void unicodeSimpleCaseFolding() {
        BytePattern aerger = BytePattern.parse(ValueType.STR, "Ärger", true);
        assertEquals(List.of(5), hits(aerger, padded("äRGER", StandardCharsets.UTF_8, 5, 3), 1));
        assertEquals(List.of(5), hits(aerger, padded("ÄrGeR", StandardCharsets.UTF_8, 5, 3), 1));
        assertEquals(List.of(), hits(aerger, padded("Arger", StandardCharsets.UTF_8, 5, 3), 1));
        BytePattern sigma = BytePattern.parse(ValueType.STR, "ΣΑΣ", true);
        assertEquals(List.of(2), hits(sigma, padded("σας", StandardCharsets.UTF_8, 2, 2), 1));
        // ß -> SS is a full folding (one code point becomes two): not a simple case variant
        BytePattern strasse = BytePattern.parse(ValueType.STR, "Straße", true);
        assertEquals(List.of(), hits(strasse, padded("STRASSE", StandardCharsets.UTF_8, 4, 4), 1));
        // ẞ (3 bytes) and ſ (2 bytes) are simple variants of ß (2) and s (1): matched by decoding
        assertEquals(9, strasse.length());
        assertEquals(7, strasse.minLength());
        assertTrue(strasse.toString().contains("any case"));
        assertEquals(List.of(4), hits(strasse, padded("STRAẞE", StandardCharsets.UTF_8, 4, 4), 1));
        assertEquals(List.of(4), hits(strasse, padded("ſtraße", StandardCharsets.UTF_8, 4, 4), 1));
        assertEquals(List.of(4), hits(strasse, padded("sTRAßE", StandardCharsets.UTF_8, 4, 4), 1));
        assertEquals(List.of(4), hits(BytePattern.parse(ValueType.STR, "kä", true), padded("\u212AÄ", StandardCharsets.UTF_8, 4, 4), 1));
        // the Turkic dotted/dotless i have no simple folding
        assertEquals(List.of(), hits(BytePattern.parse(ValueType.STR, "İé", true), padded("ié", StandardCharsets.UTF_8, 1, 1), 1));
        assertEquals(List.of(), hits(BytePattern.parse(ValueType.STR, "ıé", true), padded("Ié", StandardCharsets.UTF_8, 1, 1), 1));
    }

    @Test
    void utf16IgnoreCase() {
        BytePattern p = BytePattern.parse(ValueType.STR16, "Ärger", true);
        assertEquals(10, p.length());
        byte[] mem = padded("äRGER", StandardCharsets.UTF_16LE, 6, 4);
        assertEquals(List.of(6), hits(p, mem, 2));
        assertEquals(List.of(), hits(p, padded("ärgern", StandardCharsets.UTF_16LE, 7, 4), 2)); // odd offset
        BytePattern ascii = BytePattern.parse(ValueType.STR16, "hello", true);
        assertEquals(List.of(2), hits(ascii, padded("HeLLo", StandardCharsets.UTF_16LE, 2, 2), 2));
        assertEquals(List.of(), hits(ascii, padded("HeLLo", StandardCharsets.UTF_8, 2, 2), 1));
        // supplementary plane: Deseret capital/small letters, four bytes each
        BytePattern deseret = BytePattern.parse(ValueType.STR16, "\uD801\uDC00x", true);
        assertEquals(List.of(4), hits(deseret, padded("\uD801\uDC28X", StandardCharsets.UTF_16LE, 4, 2), 2));
    }

    @Test
    void caseSensitiveByDefault() {
        assertEquals(List.of(), hits(BytePattern.parse(ValueType.STR, "abc"), padded("ABC", StandardCharsets.UTF_8, 1, 1), 1));
        assertThrows(UsageException.class, () -> BytePattern.parse(ValueType.BYTES, "aa", true));
    }
}
