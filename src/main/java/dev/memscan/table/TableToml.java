package dev.memscan.table;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.memscan.error.UsageException;
import dev.memscan.scan.ValueType;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The TOML form of an address table, read and written through Jackson's TOML
 * data format (so quoting, escapes and duplicate keys follow the TOML spec):
 *
 * <pre>
 * # memscan address table ...
 * version = 1
 *
 * [[entry]]
 * name = 'gold'
 * address = 'game+0x4010 -&gt; +0x10 -&gt; +0x8'
 * type = 'i32'
 * description = 'the purse'
 * freeze = '999'
 * group = 'Player'
 * </pre>
 *
 * Each entry is its own {@code [[entry]]} block, in table order, so the file
 * stays easy to edit by hand. Only {@code name} and {@code address} are
 * required; {@code type} defaults to i32; {@code length} is for {@code bytes},
 * {@code str} and {@code str16}. Writing keeps the order of the entries but not
 * comments or blank lines a person added.
 */
public final class TableToml {

    /** The first line of every table memscan writes. */
    public static final String HEADER = "# memscan address table";

    /** The format version written, and the newest read. */
    public static final int VERSION = 1;

    private static final Set<String> KEYS = Set.of("name", "address", "type", "length", "description", "freeze", "group");

    private static final TomlMapper MAPPER = new TomlMapper();

    private TableToml() {
    }

    /**
     * Reads a table. An entry that cannot be read becomes a {@link AddressTable.Problem};
     * the others are kept.
     *
     * @param source what to call the text in messages (the file name)
     * @throws UsageException not TOML (with line and column), a version this memscan does not
     *                        know, or something other than entries at the top
     */
    public static AddressTable parse(String text, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UsageException(source + " is not a valid TOML table: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
        if (root == null || root.isMissingNode()) {
            return AddressTable.empty();
        }
        checkTop(root, source);
        List<TableEntry> entries = new ArrayList<>();
        List<AddressTable.Problem> problems = new ArrayList<>();
        JsonNode list = root.path("entry");
        for (int i = 0; i < list.size(); i++) {
            JsonNode node = list.get(i);
            String name = node.path("name").isValueNode() ? node.path("name").asText().strip() : "";
            String label = name.isEmpty() ? "entry " + (i + 1) : name;
            try {
                TableEntry e = entry(node);
                if (entries.stream().anyMatch(x -> x.name().equals(e.name()))) {
                    throw new UsageException("an earlier entry has the same name");
                }
                entries.add(e);
            } catch (UsageException e) {
                problems.add(new AddressTable.Problem(label, e.getMessage()));
            }
        }
        return new AddressTable(entries, problems);
    }

    private static void checkTop(JsonNode root, String source) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!key.equals("version") && !key.equals("entry")) {
                throw new UsageException(source + ": unknown key '" + key + "' at the top; a table holds"
                        + " 'version' and [[entry]] blocks");
            }
        }
        JsonNode version = root.path("version");
        if (!version.isMissingNode() && (!version.isIntegralNumber() || version.asInt() != VERSION)) {
            throw new UsageException(source + " is a table of version " + version.asText() + "; this memscan reads"
                    + " version " + VERSION);
        }
        JsonNode list = root.path("entry");
        if (!list.isMissingNode() && !(list.isArray() && allObjects(list))) {
            throw new UsageException(source + ": 'entry' must be [[entry]] blocks");
        }
    }

    private static boolean allObjects(JsonNode list) {
        for (JsonNode n : list) {
            if (!n.isObject()) {
                return false;
            }
        }
        return true;
    }

    private static TableEntry entry(JsonNode node) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!KEYS.contains(f.getKey())) {
                throw new UsageException("unknown key '" + f.getKey() + "'; an entry has " + String.join(", ",
                        List.of("name", "address", "type", "length", "description", "freeze", "group")));
            }
            if (!f.getValue().isValueNode()) {
                throw new UsageException("'" + f.getKey() + "' must be a string or a number");
            }
        }
        JsonNode length = node.path("length");
        if (!length.isMissingNode() && !length.canConvertToInt()) {
            throw new UsageException("length must be a whole number of bytes, not " + length.asText());
        }
        String type = text(node, "type");
        return new TableEntry(text(node, "name"), text(node, "address"),
                type == null ? ValueType.I32 : ValueType.fromName(type), length.asInt(0), text(node, "description"),
                text(node, "freeze"), text(node, "group"));
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** The text of {@code table}: the header, the version, one {@code [[entry]]} block per entry. */
    public static String write(AddressTable table) {
        StringBuilder b = new StringBuilder();
        b.append(HEADER).append(": edit freely; 'memscan table --help' says what each key means.\n")
                .append("# memscan rewrites this file when it adds entries: comments are not kept.\n")
                .append("version = ").append(VERSION).append('\n');
        for (TableEntry e : table.entries()) {
            ObjectNode node = MAPPER.createObjectNode();
            node.put("name", e.name());
            node.put("address", e.address());
            node.put("type", e.type().label());
            if (e.length() > 0) {
                node.put("length", e.length());
            }
            putIfSet(node, "description", e.description());
            putIfSet(node, "freeze", e.freeze());
            putIfSet(node, "group", e.group());
            try {
                // a flat object is written as key = value lines: the block's body, escaped by the TOML writer
                b.append("\n[[entry]]\n").append(MAPPER.writeValueAsString(node));
            } catch (JsonProcessingException e1) {
                throw new IllegalStateException("cannot write entry " + e.name() + " as TOML", e1);
            }
        }
        return b.toString();
    }

    private static void putIfSet(ObjectNode node, String key, String value) {
        if (value != null) {
            node.put(key, value);
        }
    }
}
