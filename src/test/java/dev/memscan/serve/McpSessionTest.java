package dev.memscan.serve;

import dev.memscan.testing.TargetProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An MCP client's session with {@code memscan serve --mcp}: initialize, tools/list, tools/call search and refine. */
@EnabledOnOs(OS.LINUX)
class McpSessionTest {

    @TempDir
    Path state;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    @Test
    void initializeListAndSearchThenRefine() throws Exception {
        try (TargetProcess target = TargetProcess.start();
             ServeProcess serve = ServeProcess.start(state, "--mcp", "--max-items", "3", "-p", Integer.toString(target.pid()))) {
            long block = target.alloc("b", 4096);
            for (int i = 0; i < 5; i++) {
                target.send("set b+" + (16 * i) + " i32 918273");
            }
            Map<String, Object> init = map(serve.call("initialize", Json.object("protocolVersion", "2025-06-18",
                    "capabilities", Json.object(), "clientInfo", Json.object("name", "test", "version", "1"))).get("result"));
            assertEquals("2025-06-18", init.get("protocolVersion"));
            assertEquals("memscan", map(init.get("serverInfo")).get("name"));
            assertTrue(((String) init.get("instructions")).contains("at most 3 items"), init.toString());
            serve.notify("notifications/initialized", Json.object());

            List<Object> tools = list(map(serve.call("tools/list", Json.object()).get("result")).get("tools"));
            Map<String, Object> search = tools.stream().map(McpSessionTest::map).filter(t -> t.get("name").equals("search"))
                    .findFirst().orElseThrow();
            Map<String, Object> props = map(map(search.get("inputSchema")).get("properties"));
            assertEquals("integer", map(props.get("pid")).get("type"));
            assertEquals("boolean", map(props.get("all-regions")).get("type"));
            assertEquals("array", map(props.get("region")).get("type"));
            assertEquals(List.of("args"), map(search.get("inputSchema")).get("required"));
            assertTrue(tools.stream().map(McpSessionTest::map).noneMatch(t -> t.get("name").equals("shell")));

            String range = "0x" + Long.toHexString(block) + "-0x" + Long.toHexString(block + 4096);
            Map<String, Object> found = map(serve.call("tools/call", Json.object("name", "search",
                    "arguments", Json.object("range", range, "args", List.of("918273")))).get("result"));
            assertEquals(Boolean.FALSE, found.get("isError"));
            Map<String, Object> content = map(found.get("structuredContent"));
            assertEquals(3, list(content.get("items")).size());
            assertTrue(((String) content.get("cut")).startsWith("3 of 5 items"), content.toString());
            String text = (String) map(list(found.get("content")).get(0)).get("text");
            assertEquals(content.get("cut"), map(Json.parse(text)).get("cut"));

            target.send("set b+32 i32 5");
            Map<String, Object> refined = map(map(serve.call("tools/call", Json.object("name", "refine",
                    "arguments", Json.object("args", List.of("changed")))).get("result")).get("structuredContent"));
            assertEquals(1, list(refined.get("items")).size());
            assertEquals(BigDecimal.valueOf(5), map(list(refined.get("items")).get(0)).get("value"));
            assertNull(refined.get("cut"));

            Map<String, Object> refused = map(serve.call("tools/call", Json.object("name", "write",
                    "arguments", Json.object("args", List.of("0x" + Long.toHexString(block), "1")))).get("result"));
            assertEquals(Boolean.TRUE, refused.get("isError"));
            Map<String, Object> unknown = map(serve.call("tools/call", Json.object("name", "nope")).get("error"));
            assertEquals(BigDecimal.valueOf(-32602), unknown.get("code"));
            assertEquals(0, serve.closeAndWait());
        }
    }
}
