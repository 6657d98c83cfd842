package dev.memscan.table;

import dev.memscan.error.UsageException;
import dev.memscan.scan.ValueType;
import dev.memscan.scan.pointer.PointerChain;
import dev.memscan.session.UserFile;
import dev.memscan.text.AddressFormat;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Cheat Engine's {@code .CT} tables (XML, as Cheat Engine writes them) converted
 * to address-table entries. A {@code <CheatEntry>} gives its {@code Description}
 * (the name, without Cheat Engine's quotes), {@code Address} ({@code "game.exe"+1A2B},
 * hex without a prefix, or {@code +10} relative to the entry above it),
 * {@code <Offsets>} (hex, listed last-applied first, so they are reversed into a
 * chain), {@code VariableType} ({@code Byte}, {@code 2 Bytes}, {@code 4 Bytes},
 * {@code 8 Bytes}, {@code Float}, {@code Double}, {@code String}, {@code Array of byte},
 * {@code Pointer}) and nested {@code <CheatEntries>}, which become groups.
 *
 * <p>What memscan cannot express is skipped and named, never dropped in silence:
 * Auto Assembler scripts, custom types (defined by scripts), bit fields,
 * addresses that name a symbol, and the table's Lua script. Hotkeys, colours and
 * drop-down lists are not kept. The XML is read with DTDs and external entities
 * refused: a table from the internet is hostile input.
 */
public final class CheatTableImport {

    /** The largest {@code .CT} file read: tables with big scripts run to a few MiB. */
    public static final int MAX_BYTES = 64 << 20;

    /**
     * An entry that was not imported.
     *
     * @param name its name, with its group in front ({@code Scripts/Infinite ammo})
     * @param why  what memscan cannot express
     */
    public record Skipped(String name, String why) {
    }

    /**
     * What an import produced.
     *
     * @param entries the entries, in the table's order
     * @param skipped what was left out, in the table's order
     */
    public record Result(List<TableEntry> entries, List<Skipped> skipped) {
    }

    /** Where an entry points: a module (or "" for an absolute base), a base offset and dereference offsets. */
    private record Location(String module, long base, List<Long> offsets) {
        String expression() {
            if (offsets.isEmpty()) {
                return module.isEmpty() ? AddressFormat.hex(base) : module + "+" + AddressFormat.hex(base);
            }
            return new PointerChain(module, base, offsets.stream().mapToLong(Long::longValue).toArray()).toString();
        }

        /** This location moved by {@code delta} and then followed through {@code more} (a relative child). */
        Location plus(long delta, List<Long> more) {
            List<Long> all = new ArrayList<>(offsets);
            if (all.isEmpty()) {
                return new Location(module, base + delta, more);
            }
            all.set(all.size() - 1, all.get(all.size() - 1) + delta);
            all.addAll(more);
            return new Location(module, base, all);
        }
    }

    private final List<TableEntry> entries = new ArrayList<>();
    private final List<Skipped> skipped = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    /** The table's own symbols ({@code <UserdefinedSymbols>}): name to address text. */
    private final Map<String, String> symbols = new HashMap<>();

    private CheatTableImport() {
    }

    /**
     * Reads and converts a {@code .CT} file: a regular file (or a link to one) of at
     * most {@link #MAX_BYTES}.
     *
     * @throws UsageException missing, not a regular file, too large, or not a Cheat Engine table
     */
    public static Result read(Path file) {
        UserFile.requireRegularOrAbsent(file, "import-ct");
        byte[] xml;
        try (InputStream in = Files.newInputStream(file)) {
            xml = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new UsageException("no file " + file);
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + UserFile.reason(e));
        }
        if (xml.length > MAX_BYTES) {
            throw new UsageException(file + " is larger than " + (MAX_BYTES >> 20) + " MiB; not a table memscan imports");
        }
        return convert(xml, file.toString());
    }

    /**
     * Converts the bytes of a {@code .CT} file.
     *
     * @param source what to call it in messages (the file name)
     * @throws UsageException not XML, a DTD, or not a {@code <CheatTable>}
     */
    public static Result convert(byte[] xml, String source) {
        Element root = parse(xml, source).getDocumentElement();
        if (!root.getTagName().equals("CheatTable")) {
            throw new UsageException(source + " is not a Cheat Engine table: its root is <" + root.getTagName()
                    + ">, not <CheatTable>");
        }
        CheatTableImport run = new CheatTableImport();
        Element defined = child(root, "UserdefinedSymbols");
        if (defined != null) {
            for (Node n = defined.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element s && s.getTagName().equals("SymbolEntry") && text(s, "Name") != null
                        && text(s, "Address") != null) {
                    run.symbols.put(text(s, "Name").strip(), text(s, "Address").strip());
                }
            }
        }
        Element list = child(root, "CheatEntries");
        if (list != null) {
            run.entries(list, null, null);
        }
        Element lua = child(root, "LuaScript");
        if (lua != null && !lua.getTextContent().isBlank()) {
            run.skipped.add(new Skipped("(the table's Lua script)", "memscan does not run Lua; what it computes or"
                    + " registers is not in the imported table"));
        }
        return new Result(run.entries, run.skipped);
    }

    private static Document parse(byte[] xml, String source) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new ErrorHandler() { // the default one prints to stderr as well as throwing
                @Override
                public void warning(SAXParseException e) {
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return b.parse(new ByteArrayInputStream(xml));
        } catch (SAXParseException e) {
            throw new UsageException(source + " is not a Cheat Engine table: " + e.getMessage() + " (line "
                    + e.getLineNumber() + ")");
        } catch (SAXException | IOException e) {
            throw new UsageException(source + " is not a Cheat Engine table: " + e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be made safe", e);
        }
    }

    private void entries(Element list, String group, Location parent) {
        for (Node n = list.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals("CheatEntry")) {
                entry(e, group, parent);
            }
        }
    }

    private void entry(Element e, String group, Location parent) {
        String name = name(e);
        String path = group == null ? name : group + "/" + name;
        Location here = null;
        String why = null;
        try {
            here = location(e, parent);
        } catch (UsageException bad) {
            why = bad.getMessage();
        }
        boolean header = "1".equals(text(e, "GroupHeader"));
        if (!header) {
            try {
                add(e, name, group, here, why);
            } catch (UsageException bad) {
                skipped.add(new Skipped(path, bad.getMessage()));
            }
        }
        Element children = child(e, "CheatEntries");
        if (children != null) {
            entries(children, path, here);
        }
    }

    private void add(Element e, String name, String group, Location here, String addressProblem) {
        String vt = text(e, "VariableType");
        String kind = vt == null ? "4 bytes" : vt.strip().toLowerCase(Locale.ROOT);
        if (kind.equals("auto assembler script")) {
            throw new UsageException("an Auto Assembler script: memscan does not assemble or inject code");
        }
        if (kind.equals("custom")) {
            throw new UsageException("custom type '" + text(e, "CustomType") + "' (defined by a script)");
        }
        if (kind.equals("binary")) {
            throw new UsageException("a Binary (bit field) value: memscan reads whole bytes");
        }
        if (addressProblem != null) {
            throw new UsageException(addressProblem);
        }
        if (here == null) {
            throw new UsageException("no address");
        }
        String signed = text(e, "ShowAsSigned");
        int length = 0;
        ValueType type;
        switch (kind) {
            case "byte" -> type = "1".equals(signed) ? ValueType.I8 : ValueType.U8;
            case "2 bytes" -> type = "0".equals(signed) ? ValueType.U16 : ValueType.I16;
            case "4 bytes" -> type = "0".equals(signed) ? ValueType.U32 : ValueType.I32;
            case "8 bytes" -> type = "0".equals(signed) ? ValueType.U64 : ValueType.I64;
            case "float" -> type = ValueType.F32;
            case "double" -> type = ValueType.F64;
            case "pointer" -> type = ValueType.U64;
            case "string", "unicode string" -> {
                boolean wide = kind.equals("unicode string") || "1".equals(text(e, "Unicode"));
                type = wide ? ValueType.STR16 : ValueType.STR;
                length = number(e, "Length") * (wide ? 2 : 1);
            }
            case "array of byte" -> {
                type = ValueType.BYTES;
                length = number(e, "ByteLength");
            }
            default -> throw new UsageException("variable type '" + vt + "', which memscan does not know");
        }
        String unique = name;
        for (int i = 2; names.contains(unique); i++) {
            unique = name + " (" + i + ")";
        }
        entries.add(new TableEntry(unique, here.expression(), type, length, null, null, group));
        names.add(unique);
    }

    /** The entry's address, or null when it has none (a plain group header). */
    private Location location(Element e, Location parent) {
        String address = text(e, "Address");
        if (address == null || address.isBlank()) {
            return null;
        }
        address = address.strip();
        String first = address.split("\\+")[0].strip();
        if (symbols.containsKey(first) && !symbols.containsKey(symbols.get(first).split("\\+")[0].strip())) {
            // a symbol the table defines itself (one level: a symbol defined by another is a script's business)
            address = symbols.get(first) + address.substring(first.length());
        }
        List<Long> offsets = new ArrayList<>();
        Element list = child(e, "Offsets");
        if (list != null) {
            for (Node n = list.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element o && o.getTagName().equals("Offset")) {
                    offsets.add(0, hex(o.getTextContent(), "offset")); // listed last-applied first
                }
            }
        }
        String a = address.replace("\"", "").strip();
        if (a.startsWith("+") || a.startsWith("-")) {
            if (parent == null) {
                throw new UsageException("address '" + address + "' is relative to the entry above it, which has no address");
            }
            return parent.plus(hex(a, "address offset"), offsets);
        }
        if (a.contains("[") || a.contains("-") || a.contains("*")) {
            throw new UsageException("address '" + address + "' is an expression memscan does not evaluate");
        }
        String[] parts = a.split("\\+");
        first = parts[0].strip();
        long base = 0;
        String module;
        if (isHex(first)) {
            module = "";
            base = hex(first, "address");
        } else if (first.contains(".") || address.strip().startsWith("\"")) {
            module = first;
        } else {
            throw new UsageException("address '" + address + "' names the symbol '" + first + "', which a script"
                    + " or Cheat Engine's symbol handler defines; memscan resolves modules, not symbols");
        }
        for (int i = 1; i < parts.length; i++) {
            base += hex(parts[i], "address offset");
        }
        return new Location(module, base, offsets);
    }

    private static boolean isHex(String s) {
        String t = stripHexPrefix(s);
        return !t.isEmpty() && t.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    /** Cheat Engine's hex: no prefix (or $ or 0x), an optional sign. */
    private static long hex(String text, String what) {
        String t = text.strip();
        boolean negative = t.startsWith("-");
        if (negative || t.startsWith("+")) {
            t = t.substring(1).strip();
        }
        t = stripHexPrefix(t);
        try {
            if (t.isEmpty() || t.length() > 16) {
                throw new NumberFormatException();
            }
            long v = Long.parseUnsignedLong(t, 16);
            return negative ? -v : v;
        } catch (NumberFormatException e) {
            throw new UsageException(what + " '" + text.strip() + "' is not a hex number (symbols and expressions"
                    + " are not evaluated)");
        }
    }

    private static String stripHexPrefix(String s) {
        String t = s.strip();
        if (t.startsWith("$")) {
            return t.substring(1);
        }
        return t.startsWith("0x") || t.startsWith("0X") ? t.substring(2) : t;
    }

    private static int number(Element e, String tag) {
        String t = text(e, tag);
        try {
            return Integer.parseInt(t == null ? "" : t.strip());
        } catch (NumberFormatException ex) {
            throw new UsageException("no usable <" + tag + "> (" + t + ")");
        }
    }

    private static String name(Element e) {
        String d = text(e, "Description");
        if (d != null) {
            d = d.strip();
            if (d.length() >= 2 && d.startsWith("\"") && d.endsWith("\"")) {
                d = d.substring(1, d.length() - 1).strip();
            }
        }
        if (d == null || d.isEmpty()) {
            String id = text(e, "ID");
            return "entry " + (id == null ? "?" : id.strip());
        }
        return d.replace('/', '|'); // '/' separates groups in a path
    }

    private static Element child(Element e, String tag) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(tag)) {
                return c;
            }
        }
        return null;
    }

    private static String text(Element e, String tag) {
        Element c = child(e, tag);
        return c == null ? null : c.getTextContent();
    }
}
