package dev.memscan.serve;

import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An MCP tool per method, its input schema generated from the command's picocli model:
 * each option by its long name without dashes (a flag is a boolean, an integer option an
 * integer, a repeatable one an array, the rest strings; the description is the option's
 * help text), and {@code args} for the positional words.
 */
final class ToolSchemas {

    /** Options a tool never shows: the server forces --json; help, version and colour mean nothing there. */
    private static final Set<String> SKIPPED = Set.of("--json", "--help", "--version", "--no-color");

    private ToolSchemas() {
    }

    /** The MCP tool name of a method: {@code table/set} becomes {@code table_set} (tool names allow no '/'). */
    static String toolName(CommandMethods.Method m) {
        return m.name().replace('/', '_');
    }

    /** The tool object of tools/list. */
    static Map<String, Object> tool(CommandMethods.Method m) {
        String description = text(m.spec().usageMessage().description());
        if (m.writes()) {
            description += " (Changes memory or files: only on a server started with --allow-write.)";
        }
        return Json.object("name", toolName(m), "description", description, "inputSchema", schema(m.spec()));
    }

    /** The JSON schema of a command's params. */
    static Map<String, Object> schema(CommandSpec spec) {
        Map<String, Object> properties = Json.object();
        List<Object> required = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            String name = o.longestName();
            if (o.hidden() || !name.startsWith("--") || SKIPPED.contains(name)) {
                continue;
            }
            properties.put(name.substring(2), property(o));
            if (o.required()) {
                required.add(name.substring(2));
            }
        }
        List<PositionalParamSpec> positionals = spec.positionalParameters();
        if (!positionals.isEmpty()) {
            StringBuilder d = new StringBuilder("The positional words, in order:");
            boolean needed = false;
            for (PositionalParamSpec p : positionals) {
                d.append(' ').append(p.paramLabel()).append(": ").append(text(p.description()));
                needed |= p.arity().min() > 0;
            }
            properties.put(CommandMethods.ARGS, Json.object("type", "array", "items", Json.object("type", "string"),
                    "description", d.toString()));
            if (needed) {
                required.add(CommandMethods.ARGS);
            }
        }
        Map<String, Object> schema = Json.object("type", "object", "properties", properties,
                "additionalProperties", false);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        return schema;
    }

    private static Map<String, Object> property(OptionSpec o) {
        Map<String, Object> scalar = Json.object("type", o.arity().max() == 0 ? "boolean" : jsonType(o));
        if (o.type().isEnum()) {
            List<Object> values = new ArrayList<>();
            for (Object c : o.type().getEnumConstants()) {
                values.add(c.toString());
            }
            scalar.put("enum", values);
        }
        Map<String, Object> p = o.isMultiValue() && o.arity().max() != 0
                ? Json.object("type", "array", "items", scalar) : scalar;
        p.put("description", text(o.description()).replace("${DEFAULT-VALUE}", String.valueOf(o.defaultValue())));
        return p;
    }

    /** integer for whole numbers, number for floats, else string (types, addresses, durations, files). */
    private static String jsonType(ArgSpec a) {
        Class<?> t = a.isMultiValue() && a.auxiliaryTypes().length > 0 ? a.auxiliaryTypes()[0] : a.type();
        if (t == int.class || t == Integer.class || t == long.class || t == Long.class
                || t == short.class || t == Short.class) {
            return "integer";
        }
        if (t == double.class || t == Double.class || t == float.class || t == Float.class) {
            return "number";
        }
        return "string";
    }

    private static String text(String[] lines) {
        return String.join(" ", lines).replaceAll("\\s+", " ").strip();
    }
}
