package dev.memscan.serve;

import dev.memscan.testing.TargetProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** memscan serve's JSON-RPC as a client sees it: a real child serve process against a real target. */
@EnabledOnOs(OS.LINUX)
class ServeProtocolTest {

    private static TargetProcess target;
    private static long block;

    @TempDir
    Path state;

    @BeforeAll
    static void startTarget() {
        target = TargetProcess.start();
        block = target.alloc("blk", 4096);
        target.send("set blk+16 i32 734123");
        target.send("set blk+32 i32 734123");
    }

    @AfterAll
    static void stopTarget() {
        target.close();
    }

    private static String hex(long address) {
        return "0x" + Long.toHexString(address);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> result(Map<String, Object> response) {
        assertNotNull(response.get("result"), () -> "an error: " + response);
        return (Map<String, Object>) response.get("result");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> error(Map<String, Object> response) {
        assertNotNull(response.get("error"), () -> "a result: " + response);
        return (Map<String, Object>) response.get("error");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> items(Map<String, Object> result) {
        return (List<Map<String, Object>>) result.get("items");
    }

    @SuppressWarnings("unchecked")
    static int exitOf(Map<String, Object> error) {
        return ((BigDecimal) ((Map<String, Object>) error.get("data")).get("exit")).intValue();
    }

    static int code(Map<String, Object> error) {
        return ((BigDecimal) error.get("code")).intValue();
    }

    @Test
    void everyMethodAnswersAsItsCommand() throws Exception {
        Path file = state.resolve("copy.bin");
        try (ServeProcess serve = ServeProcess.start(state, "--allow-write")) {
            Map<String, Object> pid = Json.object("pid", target.pid());
            // the block's mapping may have merged with a neighbour of the same permissions: it lies inside one
            assertTrue(items(result(serve.call("regions", Json.object("pid", target.pid(), "writable", true))))
                    .stream().anyMatch(r -> Long.compareUnsigned(Long.decode((String) r.get("start")), block) <= 0
                            && Long.compareUnsigned(block, Long.decode((String) r.get("end"))) < 0));
            assertFalse(items(result(serve.call("modules", pid))).isEmpty());
            assertFalse(items(result(serve.call("threads", pid))).isEmpty());

            Map<String, Object> search = result(serve.call("search", Json.object("pid", target.pid(),
                    "region", List.of(""), "range", hex(block) + "-" + hex(block + 4096), "args", List.of("734123"))));
            assertEquals(BigDecimal.ZERO, search.get("exit"));
            assertEquals(List.of(hex(block + 16), hex(block + 32)), items(search).stream().map(i -> i.get("address")).toList());
            assertTrue(((String) search.get("summary")).startsWith("2 matches"), search.toString());

            target.send("set blk+32 i32 734124");
            Map<String, Object> refine = result(serve.call("refine", Json.object("pid", target.pid(), "args", List.of("changed"))));
            assertEquals(List.of(hex(block + 32)), items(refine).stream().map(i -> i.get("address")).toList());
            assertEquals(1, items(result(serve.call("matches", pid))).size());

            Map<String, Object> write = result(serve.call("write", Json.object("pid", target.pid(),
                    "args", List.of(hex(block + 48), "-5"))));
            assertEquals(BigDecimal.valueOf(-5), items(write).get(0).get("new"));
            assertArrayEquals(new byte[] {-5, -1, -1, -1}, target.peek(block + 48, 4));

            Map<String, Object> read = result(serve.call("read", Json.object("pid", target.pid(), "args", List.of(hex(block + 48), "4"))));
            assertEquals("fbffffff", items(read).get(0).get("value")); // bytes as hex, as read --json prints them

            assertEquals(BigDecimal.ZERO, result(serve.call("read-into", Json.object("pid", target.pid(),
                    "args", List.of(hex(block + 16), "8", file.toString())))).get("exit"));
            assertArrayEquals(target.peek(block + 16, 8), Files.readAllBytes(file));

            Map<String, Object> watch = result(serve.call("watch", Json.object("pid", target.pid(), "duration", "300ms",
                    "args", List.of(hex(block + 16)))));
            assertEquals(BigDecimal.valueOf(734123), items(watch).get(0).get("value"));

            Map<String, Object> pointers = serve.call("pointers", Json.object("pid", target.pid(), "depth", 1,
                    "args", List.of(hex(block + 16))));
            assertTrue(pointers.containsKey("result") || exitOf(error(pointers)) != 2, pointers.toString());

            Map<String, Object> forget = result(serve.call("forget", Json.object("args", List.of(target.pid()))));
            assertTrue(((String) forget.get("text")).startsWith("forgot 1 saved scan"), forget.toString());
            assertEquals(6, exitOf(error(serve.call("matches", pid))));
            assertEquals(0, serve.closeAndWait());
        }
    }

    @Test
    void protocolErrorsCarryCodesAndExitStatus() throws Exception {
        try (ServeProcess serve = ServeProcess.start(state)) {
            serve.sendLine("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":");
            Map<String, Object> bad = error(serve.next(m -> true));
            assertEquals(-32700, code(bad));

            serve.sendLine("{\"id\":2,\"method\":\"regions\"}");
            assertEquals(-32600, code(error(serve.next(m -> Integer.valueOf(2).equals(ServeProcess.id(m))))));

            assertEquals(-32601, code(error(serve.call("serch", Json.object()))));
            assertEquals(-32601, code(error(serve.call("shell", Json.object())))); // runs other commands: no method

            Map<String, Object> unknownKey = error(serve.call("read", Json.object("pid", target.pid(), "colour", true)));
            assertEquals(-32602, code(unknownKey));
            assertEquals(2, exitOf(unknownKey));
            assertTrue(((String) unknownKey.get("message")).contains("no option --colour"), unknownKey.toString());

            Map<String, Object> flag = error(serve.call("regions", Json.object("pid", target.pid(), "writable", "yes")));
            assertEquals(-32602, code(flag));

            Map<String, Object> range = error(serve.call("search", Json.object("pid", target.pid(), "type", "u8",
                    "args", List.of("300"))));
            assertEquals(-32602, code(range));
            assertEquals(2, exitOf(range));

            Map<String, Object> gone = error(serve.call("read", Json.object("pid", 999_999_999, "args", List.of("0x1000"))));
            assertEquals(-32000, code(gone));
            assertEquals(3, exitOf(gone));

            Map<String, Object> unmapped = error(serve.call("read", Json.object("pid", target.pid(), "args", List.of("0x8", "4"))));
            assertEquals(5, exitOf(unmapped));
            assertTrue(((String) unmapped.get("message")).startsWith("cannot read 4 bytes at 0x8"), unmapped.toString());

            // still serving after all that
            assertEquals(BigDecimal.ZERO, result(serve.call("regions", Json.object("pid", target.pid()))).get("exit"));
            assertEquals(0, serve.closeAndWait());
        }
    }

    @Test
    void writesNeedAllowWriteAndTargetsTheAllowList() throws Exception {
        try (TargetProcess other = TargetProcess.start();
             ServeProcess serve = ServeProcess.start(state, "-p", Integer.toString(target.pid()))) {
            Map<String, Object> write = error(serve.call("write", Json.object("args", List.of(hex(block + 64), "7"))));
            assertEquals(4, exitOf(write));
            assertTrue(((String) write.get("message")).contains("--allow-write"), write.toString());
            assertArrayEquals(new byte[4], target.peek(block + 64, 4));
            Map<String, Object> readInto = error(serve.call("read-into", Json.object("args",
                    List.of(hex(block), "8", state.resolve("x").toString()))));
            assertEquals(4, exitOf(readInto));
            assertFalse(Files.exists(state.resolve("x")));

            // the server's own target is the default, and allowed
            assertEquals(BigDecimal.ZERO, result(serve.call("read", Json.object("args", List.of(hex(block + 16), "4")))).get("exit"));
            Map<String, Object> outside = error(serve.call("regions", Json.object("pid", other.pid())));
            assertEquals(4, exitOf(outside));
            assertTrue(((String) outside.get("message")).contains("process " + other.pid() + " is not one"), outside.toString());
            Map<String, Object> byName = error(serve.call("regions", Json.object("name", "java")));
            assertEquals(4, exitOf(byName)); // both targets are called java: the other one is not allowed
            assertEquals(0, serve.closeAndWait());
        }
    }

    @Test
    void cancelStopsARunningSearch() throws Exception {
        long big = target.alloc("big", 256 << 20);
        try (ServeProcess serve = ServeProcess.start(state)) {
            // every byte matches: a long scan that reports progress
            int id = serve.request("search", Json.object("pid", target.pid(), "type", "u8", "align", 1,
                    "range", hex(big) + "-" + hex(big + (256L << 20)), "limit", 1, "args", List.of("0")));
            serve.next(m -> "$/progress".equals(m.get("method")));
            serve.notify("$/cancel", Json.object("id", id));
            Map<String, Object> cancelled = error(serve.next(m -> Integer.valueOf(id).equals(ServeProcess.id(m))));
            assertEquals(-32800, code(cancelled));
            assertEquals(130, exitOf(cancelled));
            // the next request runs normally
            assertEquals(BigDecimal.ZERO, result(serve.call("regions", Json.object("pid", target.pid()))).get("exit"));
            assertEquals(0, serve.closeAndWait());
        } finally {
            target.send("free big");
        }
    }

    @Test
    void targetDyingMidRequestIsAnErrorAndServingGoesOn() throws Exception {
        TargetProcess doomed = TargetProcess.start();
        long at = doomed.alloc("v", 4096);
        try (ServeProcess serve = ServeProcess.start(state)) {
            int id = serve.request("watch", Json.object("pid", doomed.pid(), "interval", "20ms", "duration", "20s",
                    "args", List.of(hex(at))));
            serve.next(m -> "$/item".equals(m.get("method"))); // watching: its first line came as it was printed
            doomed.kill();
            Map<String, Object> died = error(serve.next(m -> Integer.valueOf(id).equals(ServeProcess.id(m))));
            assertTrue(List.of(3, 5).contains(exitOf(died)), died.toString());
            assertEquals(BigDecimal.ZERO, result(serve.call("regions", Json.object("pid", target.pid()))).get("exit"));
            assertEquals(0, serve.closeAndWait());
        } finally {
            doomed.close();
        }
    }

    @Test
    void stdinClosingEndsAWatchAndTheServerWithNothingLeft() throws Exception {
        Path log = state.resolve("serve.log");
        try (ServeProcess serve = ServeProcess.start(state, "--log", log.toString())) {
            serve.request("watch", Json.object("pid", target.pid(), "args", List.of(hex(block + 16))));
            serve.next(m -> "$/item".equals(m.get("method")));
            List<ProcessHandle> children = ProcessHandle.of(serve.pid()).orElseThrow().descendants().toList();
            assertEquals(0, serve.closeAndWait());
            assertTrue(children.stream().noneMatch(ProcessHandle::isAlive), "a child of serve is still running");
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
        String logged = Files.readString(log);
        assertTrue(logged.contains("\"method\":\"watch\"") && logged.contains("\"exit\":130"), logged);
    }

    @Test
    void readsAreHexAndManySmallRequestsKeepTheTargetAttached() throws Exception {
        try (ServeProcess serve = ServeProcess.start(state, "-p", Integer.toString(target.pid()))) {
            for (int i = 0; i < 50; i++) {
                serve.request("read", Json.object("type", "i32", "args", List.of(hex(block + 16))));
            }
            for (int i = 0; i < 50; i++) {
                Map<String, Object> r = result(serve.next(m -> m.containsKey("id")));
                assertEquals(BigDecimal.valueOf(734123), items(r).get(0).get("value"));
            }
            assertEquals(HexFormat.of().formatHex(target.peek(block, 32)),
                    items(result(serve.call("read", Json.object("args", List.of(hex(block), "32"))))).get(0).get("value"));
            assertEquals(0, serve.closeAndWait());
        }
    }
}
