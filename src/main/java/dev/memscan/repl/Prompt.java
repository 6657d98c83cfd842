package dev.memscan.repl;

import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * The shell's prompt: {@code memscan> } when detached, {@code memscan[4242]> }
 * when attached with no saved scan, {@code memscan[4242 · 1000]> } with the
 * saved scan's match count, {@code memscan[4242 · 1000 · 2 frozen]> } while
 * background freezes run. Pure.
 */
final class Prompt {

    private Prompt() {
    }

    /**
     * The prompt text, with ANSI colour (pid in cyan, count in yellow) when {@code color}.
     *
     * @param pid     the attached pid, or null when detached
     * @param matches the saved scan's match count, or -1 when there is none
     * @param frozen  how many background freezes run
     */
    static String render(Integer pid, long matches, int frozen, boolean color) {
        AttributedStringBuilder b = new AttributedStringBuilder();
        b.append("memscan");
        if (pid != null) {
            b.append("[");
            b.style(AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN)).append(Integer.toString(pid));
            b.style(AttributedStyle.DEFAULT);
            if (matches >= 0) {
                b.append(" · ");
                b.style(AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW)).append(Long.toString(matches));
                b.style(AttributedStyle.DEFAULT);
            }
            if (frozen > 0) {
                b.append(" · ");
                b.style(AttributedStyle.DEFAULT.foreground(AttributedStyle.BLUE)).append(frozen + " frozen");
                b.style(AttributedStyle.DEFAULT);
            }
            b.append("]");
        }
        b.append("> ");
        return color ? b.toAnsi() : b.toString();
    }
}
