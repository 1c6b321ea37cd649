package org.lifeboat.bootverification;

/**
 * A serial console as text: the last {@code capacity} characters, without terminal escape sequences
 * and control characters, and each line handed on as it grows (a login prompt never ends its line).
 * Bounded however much the guest prints. Not thread-safe: one reader feeds it.
 */
final class ConsoleTail {

    static final int MAX_LINE_CHARS = 4096;

    private final int capacity;
    private final StringBuilder tail = new StringBuilder();
    private final StringBuilder line = new StringBuilder();
    private final Lines lines;
    private EscapeState escape = EscapeState.NONE;

    private enum EscapeState { NONE, ESCAPE, CSI }

    /** Gets the current line after every chunk that changed it, and each line once it is finished. */
    interface Lines {
        void line(String text, boolean finished);
    }

    ConsoleTail(int capacity, Lines lines) {
        this.capacity = capacity;
        this.lines = lines;
    }

    void accept(byte[] bytes, int length) {
        boolean changed = false;
        for (int i = 0; i < length; i++) {
            char c = (char) (bytes[i] & 0xff);
            if (escaped(c)) {
                continue;
            }
            if (c == '\n') {
                lines.line(line.toString(), true);
                line.setLength(0);
                changed = false;
                append('\n');
            } else if (c == '\t' || (c >= 0x20 && c != 0x7f)) {
                if (line.length() < MAX_LINE_CHARS) {
                    line.append(c);
                }
                changed = true;
                append(c);
            }
        }
        if (changed) {
            lines.line(line.toString(), false);
        }
    }

    /** Skips ESC c, ESC [ ... final byte and the like: SeaBIOS and the shell draw with them. */
    private boolean escaped(char c) {
        switch (escape) {
            case ESCAPE -> {
                escape = c == '[' ? EscapeState.CSI : EscapeState.NONE;
                return true;
            }
            case CSI -> {
                if (c >= 0x40 && c <= 0x7e) {
                    escape = EscapeState.NONE;
                }
                return true;
            }
            default -> {
                if (c == 0x1b) {
                    escape = EscapeState.ESCAPE;
                    return true;
                }
                return false;
            }
        }
    }

    private void append(char c) {
        tail.append(c);
        if (tail.length() > capacity * 2) {
            tail.delete(0, tail.length() - capacity);
        }
    }

    /** The last characters printed, at most the capacity. */
    String text() {
        return tail.length() <= capacity ? tail.toString() : tail.substring(tail.length() - capacity);
    }
}
