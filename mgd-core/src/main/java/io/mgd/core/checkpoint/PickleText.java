package io.mgd.core.checkpoint;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Decoding of the text arguments of protocol-0 string opcodes. torch never writes them (its
 * tuple persistent ids need a binary protocol), but a generic pickle may contain them.
 */
final class PickleText {
    private PickleText() {}

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
