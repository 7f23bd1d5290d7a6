package io.mgd.seg.core.evaluation;

import java.util.List;

/**
 * The default layout of Python's {@code prettytable.PrettyTable.get_string()}: a frame of
 * {@code +}/{@code -}/{@code |}, one space of padding, every cell centred the way
 * {@code str.center} does it (the extra space goes right for odd-length text, left for even).
 */
final class PrettyTable {
    private PrettyTable() {}

    /** Renders columns (all of equal length) under their headers. */
    static String render(List<String> headers, List<List<String>> columns) {
        int rows = columns.isEmpty() ? 0 : columns.get(0).size();
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            if (columns.get(c).size() != rows) {
                throw new IllegalArgumentException("column " + headers.get(c) + " has " + columns.get(c).size()
                        + " rows, expected " + rows);
            }
            widths[c] = headers.get(c).length();
            for (String s : columns.get(c)) {
                widths[c] = Math.max(widths[c], s.length());
            }
        }
        StringBuilder rule = new StringBuilder("+");
        for (int w : widths) {
            rule.append("-".repeat(w + 2)).append('+');
        }
        StringBuilder sb = new StringBuilder();
        sb.append(rule).append('\n');
        row(sb, headers, widths);
        sb.append('\n').append(rule);
        for (int r = 0; r < rows; r++) {
            sb.append('\n');
            final int rr = r;
            row(sb, columns.stream().map(col -> col.get(rr)).toList(), widths);
        }
        if (rows > 0) {
            sb.append('\n').append(rule);
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, List<String> cells, int[] widths) {
        sb.append('|');
        for (int c = 0; c < widths.length; c++) {
            sb.append(' ').append(center(cells.get(c), widths[c])).append(" |");
        }
    }

    /** prettytable's {@code _justify(text, width, 'c')}. */
    static String center(String text, int width) {
        int excess = width - text.length();
        int half = excess / 2;
        if (excess % 2 == 0) {
            return " ".repeat(half) + text + " ".repeat(half);
        }
        return text.length() % 2 == 1 ? " ".repeat(half) + text + " ".repeat(half + 1)
                : " ".repeat(half + 1) + text + " ".repeat(half);
    }
}
