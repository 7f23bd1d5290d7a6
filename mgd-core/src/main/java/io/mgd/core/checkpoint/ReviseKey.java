package io.mgd.core.checkpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One {@code (pattern, replacement)} pair of mmcv's {@code revise_keys}: every state-dict key is
 * rewritten with Python's {@code re.sub(pattern, replacement, key)}. Both strings use Python
 * syntax as written in configs: {@code (?P<name>...)} groups and {@code \1}, {@code \g<1>},
 * {@code \g<name>} back-references.
 */
public final class ReviseKey {
    private final String pattern;
    private final String replacement;
    private final Pattern compiled;
    /** Replacement parts: a String literal, an Integer group number or a {@link Named} group. */
    private final List<Object> template;

    private record Named(String group) {}

    /**
     * @throws CheckpointException when the pattern or replacement is malformed
     */
    public ReviseKey(String pattern, String replacement) {
        this.pattern = pattern;
        this.replacement = replacement;
        try {
            this.compiled = Pattern.compile(pattern
                    .replace("(?P<", "(?<").replaceAll("\\(\\?P=(\\w+)\\)", "\\\\k<$1>"));
        } catch (PatternSyntaxException e) {
            throw new CheckpointException("revise_keys pattern '" + pattern + "' is invalid: "
                    + e.getDescription());
        }
        this.template = parseTemplate(replacement);
    }

    /** The Python regular expression. */
    public String pattern() {
        return pattern;
    }

    /** The Python replacement template. */
    public String replacement() {
        return replacement;
    }

    /** {@code re.sub(pattern, replacement, key)}. */
    public String apply(String key) {
        Matcher m = compiled.matcher(key);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(key, last, m.start());
            for (Object part : template) {
                if (part instanceof String s) {
                    out.append(s);
                } else {
                    String g = part instanceof Integer i ? m.group(i) : m.group(((Named) part).group());
                    out.append(g == null ? "" : g); // Python 3.5+: unmatched groups are empty
                }
            }
            last = m.end();
        }
        return out.append(key, last, key.length()).toString();
    }

    private List<Object> parseTemplate(String r) {
        List<Object> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        for (int i = 0; i < r.length(); i++) {
            char c = r.charAt(i);
            if (c != '\\' || i + 1 == r.length()) {
                lit.append(c);
                continue;
            }
            char n = r.charAt(++i);
            Object ref = null;
            if (Character.isDigit(n)) {
                int end = i + 1 < r.length() && Character.isDigit(r.charAt(i + 1)) ? i + 2 : i + 1;
                ref = Integer.parseInt(r.substring(i, end));
                i = end - 1;
            } else if (n == 'g' && i + 1 < r.length() && r.charAt(i + 1) == '<'
                    && r.indexOf('>', i) > 0) {
                String name = r.substring(i + 2, r.indexOf('>', i));
                ref = name.chars().allMatch(Character::isDigit) && !name.isEmpty()
                        ? (Object) Integer.parseInt(name) : new Named(name);
                i = r.indexOf('>', i);
            } else {
                lit.append(switch (n) {
                    case 'n' -> "\n";
                    case 't' -> "\t";
                    case 'r' -> "\r";
                    case '\\' -> "\\";
                    default -> "\\" + n; // Python keeps unknown escapes of ASCII letters too
                });
            }
            if (ref != null) {
                if (ref instanceof Integer g && g > compiled.matcher("").groupCount()) {
                    throw new CheckpointException("revise_keys replacement '" + r
                            + "' refers to group " + g + " that pattern '" + pattern
                            + "' does not have");
                }
                parts.add(lit.toString());
                lit.setLength(0);
                parts.add(ref);
            }
        }
        parts.add(lit.toString());
        return parts;
    }

    @Override
    public String toString() {
        return "(" + pattern + ", " + replacement + ")";
    }
}
