package io.mgd.core.checkpoint;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Decoding of the text arguments of protocol-0 opcodes (numbers and strings). torch never
 * writes them (its tuple persistent ids need a binary protocol), but a generic pickle may.
 */
final class PickleText {
    private PickleText() {}

    /** Python's own limit on int/str conversion (3.11+); also bounds the quadratic parse. */
    private static final int MAX_INT_DIGITS = 4300;

    /**
     * {@code INT} / {@code LONG}: a decimal, optionally with Python 2's {@code L} suffix. With
     * {@code boolSpelling}, protocols 0 and 1 spell False / True as {@code 00} / {@code 01}.
     */
    static Object parseInt(String line, boolean boolSpelling) {
        String s = line.trim();
        if (boolSpelling && s.equals("00")) {
            return Boolean.FALSE;
        }
        if (boolSpelling && s.equals("01")) {
            return Boolean.TRUE;
        }
        if (s.endsWith("L")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.length() > MAX_INT_DIGITS) {
            throw new FormatException("integer text of " + s.length() + " digits is too long");
        }
        try {
            return PickleReader.normalize(new BigInteger(s));
        } catch (NumberFormatException e) {
            throw new FormatException("bad integer argument '" + line + "'");
        }
    }

    /** {@code FLOAT}: Python's repr of a float. */
    static Double parseFloat(String line) {
        String s = line.trim();
        switch (s) {
            case "inf": return Double.POSITIVE_INFINITY;
            case "-inf": return Double.NEGATIVE_INFINITY;
            case "nan": return Double.NaN;
            default:
                try {
                    return Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new FormatException("bad FLOAT argument '" + line + "'");
                }
        }
    }

    /** {@code STRING}: a quoted Python 2 str repr with backslash escapes; decoded as UTF-8. */
    static String unquote(String repr) {
        String s = repr.trim();
        if (s.length() < 2 || s.charAt(0) != s.charAt(s.length() - 1)
                || (s.charAt(0) != '\'' && s.charAt(0) != '"')) {
            throw new FormatException("STRING argument is not quoted: " + s);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length() - 1) {
                out.write(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case 'r' -> out.write('\r');
                case 'a' -> out.write(7);
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'v' -> out.write(11);
                case 'x' -> {
                    out.write(hex(s, i + 1, 2));
                    i += 2;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int end = i;
                        while (end < i + 3 && end < s.length() - 1 && s.charAt(end) >= '0'
                                && s.charAt(end) <= '7') {
                            end++;
                        }
                        out.write(Integer.parseInt(s.substring(i, end), 8));
                        i = end - 1;
                    } else {
                        out.write(e); // \\ \' \" and unknown escapes keep the character
                    }
                }
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** {@code UNICODE}: Latin-1 text where only backslash-u escapes are decoded. */
    static String rawUnicodeEscape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == 'u'
                    || s.charAt(i + 1) == 'U')) {
                int digits = s.charAt(i + 1) == 'u' ? 4 : 8;
                int cp = hex(s, i + 2, digits);
                if (!Character.isValidCodePoint(cp)) {
                    throw new FormatException("bad escape in pickle text");
                }
                out.appendCodePoint(cp);
                i += 1 + digits;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int hex(String s, int from, int digits) {
        if (from + digits > s.length()) {
            throw new FormatException("truncated escape in pickle text");
        }
        try {
            return Integer.parseUnsignedInt(s.substring(from, from + digits), 16);
        } catch (NumberFormatException e) {
            throw new FormatException("bad escape in pickle text");
        }
    }
}
