package dev.berth.cli.format;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code text/tabwriter} (the elastic-tabstop copy docker vendors), without the escape and
 * HTML modes: tab-terminated cells in consecutive lines form columns, each padded to its widest
 * cell plus {@code padding}. A line without tabs ends a block of columns. Docker's tables use
 * {@code new TabWriter(out, 10, 1, 3, ' ', false)}; {@code docker version} uses {@code (20, 1, 1)}.
 */
public final class TabWriter {
    private record Cell(int size, int width, boolean htab) {}

    private final StringBuilder output;
    private final int minwidth;
    private final int padding;
    private final char padchar;
    private final boolean alignRight;

    private final StringBuilder buf = new StringBuilder();
    private int pos;
    private int cellSize;
    private int cellWidth;
    private final List<List<Cell>> lines = new ArrayList<>();
    private final List<Integer> widths = new ArrayList<>();

    public TabWriter(StringBuilder output, int minwidth, int tabwidth, int padding, char padchar, boolean alignRight) {
        this.output = output;
        this.minwidth = minwidth;
        this.padding = padding;
        this.padchar = padchar;
        this.alignRight = alignRight;
        reset();
    }

    /** The table writer docker uses for lists: minimum width 10, padding 3, spaces. */
    public static TabWriter forTables(StringBuilder output) {
        return new TabWriter(output, 10, 1, 3, ' ', false);
    }

    private void reset() {
        buf.setLength(0);
        pos = 0;
        cellSize = 0;
        cellWidth = 0;
        lines.clear();
        widths.clear();
        lines.add(new ArrayList<>());
    }

    public TabWriter write(CharSequence text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\t' || ch == '\u000b' || ch == '\n' || ch == '\f') {
                append(text.subSequence(n, i));
                updateWidth();
                n = i + 1;
                int ncells = terminateCell(ch == '\t');
                if (ch == '\n' || ch == '\f') {
                    lines.add(new ArrayList<>());
                    if (ch == '\f' || ncells == 1) flushLines();
                }
            }
        }
        append(text.subSequence(n, text.length()));
        return this;
    }

    /** Writes out everything buffered; a final cell without a newline is written as is. */
    public void flush() {
        if (cellSize > 0) terminateCell(false);
        flushLines();
    }

    private void flushLines() {
        format(0, 0, lines.size());
        reset();
    }

    private void append(CharSequence s) {
        buf.append(s);
        cellSize += s.length();
    }

    private void updateWidth() {
        cellWidth += DisplayWidth.of(buf, pos, buf.length());
        pos = buf.length();
    }

    private int terminateCell(boolean htab) {
        List<Cell> line = lines.get(lines.size() - 1);
        line.add(new Cell(cellSize, cellWidth, htab));
        cellSize = 0;
        cellWidth = 0;
        return line.size();
    }

    private int format(int pos0, int line0, int line1) {
        int p = pos0;
        int column = widths.size();
        for (int th = line0; th < line1; th++) {
            List<Cell> line = lines.get(th);
            if (column >= line.size() - 1) continue;
            p = writeLines(p, line0, th);
            line0 = th;
            int width = minwidth;
            boolean discardable = true;
            for (; th < line1; th++) {
                line = lines.get(th);
                if (column >= line.size() - 1) break;
                Cell c = line.get(column);
                int w = c.width() + padding;
                if (w > width) width = w;
                if (c.width() > 0 || c.htab()) discardable = false;
            }
            widths.add(width);
            p = format(p, line0, th);
            widths.remove(widths.size() - 1);
            line0 = th;
        }
        return writeLines(p, line0, line1);
    }

    private int writeLines(int pos0, int line0, int line1) {
        int p = pos0;
        for (int i = line0; i < line1; i++) {
            List<Cell> line = lines.get(i);
            for (int j = 0; j < line.size(); j++) {
                Cell c = line.get(j);
                if (c.size() == 0) {
                    if (j < widths.size()) pad(c.width(), widths.get(j));
                } else if (!alignRight) {
                    output.append(buf, p, p + c.size());
                    p += c.size();
                    if (j < widths.size()) pad(c.width(), widths.get(j));
                } else {
                    if (j < widths.size()) pad(c.width(), widths.get(j));
                    output.append(buf, p, p + c.size());
                    p += c.size();
                }
            }
            if (i + 1 == lines.size()) {
                output.append(buf, p, p + cellSize);
                p += cellSize;
            } else {
                output.append('\n');
            }
        }
        return p;
    }

    private void pad(int textw, int cellw) {
        for (int k = textw; k < cellw; k++) output.append(padchar);
    }
}
