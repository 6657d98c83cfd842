package dev.memscan.repl;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromptTest {

    @Test
    void plainPrompts() {
        assertEquals("memscan> ", Prompt.render(null, -1, 0, false));
        assertEquals("memscan[4242]> ", Prompt.render(4242, -1, 0, false));
        assertEquals("memscan[4242 · 1000]> ", Prompt.render(4242, 1000, 0, false));
        assertEquals("memscan[4242 · 0]> ", Prompt.render(4242, 0, 0, false));
        assertEquals("memscan[4242 · 0 · 2 frozen]> ", Prompt.render(4242, 0, 2, false));
    }

    @Test
    void noColourOnADumbTerminalOrWhenNotAllowed() throws Exception {
        try (var dumb = new org.jline.terminal.impl.DumbTerminal(java.io.InputStream.nullInputStream(),
                java.io.OutputStream.nullOutputStream())) {
            org.junit.jupiter.api.Assertions.assertFalse(Shell.promptColor(true, dumb));
            org.junit.jupiter.api.Assertions.assertFalse(Shell.promptColor(false, dumb));
        }
        try (var xterm = new org.jline.terminal.impl.ExternalTerminal("t", "xterm-256color",
                java.io.InputStream.nullInputStream(), java.io.OutputStream.nullOutputStream(),
                java.nio.charset.StandardCharsets.UTF_8)) {
            org.junit.jupiter.api.Assertions.assertEquals(!"dumb".equals(System.getenv("TERM")),
                    Shell.promptColor(true, xterm));
            org.junit.jupiter.api.Assertions.assertFalse(Shell.promptColor(false, xterm), "NO_COLOR / --no-color");
        }
    }

    @Test
    void colouredPromptHasTheSameTextPlusEscapes() {
        String c = Prompt.render(4242, 1000, 0, true);
        assertTrue(c.contains("\u001b["), c);
        assertEquals("memscan[4242 · 1000]> ", c.replaceAll("\u001b\\[[0-9;]*m", ""));
    }
}
