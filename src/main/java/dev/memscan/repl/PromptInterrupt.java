package dev.memscan.repl;

import org.jline.keymap.KeyMap;
import org.jline.reader.Binding;
import org.jline.reader.LineReader;
import org.jline.reader.Reference;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;

import java.util.List;

/**
 * Ctrl-C at the prompt as a key, read in order with the keys typed after it.
 *
 * <p>With the terminal's own interrupt character, Ctrl-C becomes a SIGINT that
 * reaches the line editor on another thread, later than the bytes typed after
 * it: a key typed right after Ctrl-C was read into the line Ctrl-C then threw
 * away. While the prompt waits, the interrupt character is turned off in the
 * terminal (as {@code stty intr undef} would) and Ctrl-C is bound to a widget
 * that drops the line, so it takes effect exactly where it was typed. Around
 * the prompt (while a command runs) Ctrl-C is the terminal's SIGINT again, which
 * stops the command. Ctrl-Z and Ctrl-\ keep their signals throughout.
 */
final class PromptInterrupt {

    static final String WIDGET = "memscan-interrupt";
    private static final String CTRL_C = KeyMap.ctrl('C');
    /** The value that turns a control character off on Linux and the BSDs (_POSIX_VDISABLE). */
    private static final int DISABLED = 0;

    private PromptInterrupt() {
    }

    /** Binds Ctrl-C in the editing keymaps to dropping the line (readLine throws UserInterruptException). */
    static void bind(LineReader reader) {
        reader.getWidgets().put(WIDGET, () -> {
            throw new UserInterruptException(reader.getBuffer().toString());
        });
        for (String map : List.of(LineReader.EMACS, LineReader.VIINS, LineReader.VICMD)) {
            KeyMap<Binding> keys = reader.getKeyMaps().get(map);
            if (keys != null) {
                keys.bind(new Reference(WIDGET), CTRL_C);
            }
        }
    }

    /**
     * Turns the terminal's interrupt character off for the prompt; returns the
     * attributes to give back with {@link #leave}. The line editor copies these
     * into its raw mode and restores them when the line is read.
     */
    static Attributes enter(Terminal terminal) {
        Attributes normal = terminal.getAttributes();
        Attributes prompt = new Attributes(normal);
        prompt.setControlChar(Attributes.ControlChar.VINTR, DISABLED);
        terminal.setAttributes(prompt);
        return normal;
    }

    /** Gives Ctrl-C back to the terminal (SIGINT) for the command about to run. */
    static void leave(Terminal terminal, Attributes normal) {
        terminal.setAttributes(normal);
    }
}
