package dev.memscan.repl;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromptTest {

    @Test
    void plainPrompts() {
        assertEquals("memscan> ", Prompt.render(null, -1, false));
        assertEquals("memscan[4242]> ", Prompt.render(4242, -1, false));
        assertEquals("memscan[4242 · 1000]> ", Prompt.render(4242, 1000, false));
        assertEquals("memscan[4242 · 0]> ", Prompt.render(4242, 0, false));
    }

    @Test
    void colouredPromptHasTheSameTextPlusEscapes() {
        String c = Prompt.render(4242, 1000, true);
        assertTrue(c.contains("\u001b["), c);
        assertEquals("memscan[4242 · 1000]> ", c.replaceAll("\u001b\\[[0-9;]*m", ""));
    }
}
