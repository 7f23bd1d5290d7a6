package io.mgd.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.function.Executable;

/**
 * Builders and a type-strict comparison for config trees. {@code assertEquals} alone cannot
 * tell a tuple from a list (both are Lists) and ignores key order; mmcv semantics fix both.
 */
final class ConfigTestSupport {
    private ConfigTestSupport() {}

    /** A dict from alternating keys and values. */
    static ConfigDict d(Object... kv) {
        return ConfigDict.of(kv);
    }

    /** A Python list (nulls allowed). */
    static List<Object> l(Object... items) {
        return new ArrayList<>(Arrays.asList(items));
    }

    /** A Python tuple. */
    static Tuple t(Object... items) {
        return Tuple.of(items);
    }

    /** A fixture file under {@code src/test/resources/io/mgd/core/config/}. */
    static Path fixture(String relative) {
        try {
            return Path.of(ConfigTestSupport.class.getResource(relative).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new AssertionError("missing fixture " + relative, e);
        }
    }

    /** Asserts equal values, types (tuple vs list, int vs float) and key order, at any depth. */
    static void assertConfigEquals(Object expected, Object actual) {
        compare(ConfigDict.normalize(expected), actual, "<root>");
    }

    private static void compare(Object e, Object a, String path) {
        if (e instanceof Map<?, ?> em) {
            if (!(a instanceof ConfigDict am)) {
                fail(path + ": expected a dict, got " + ConfigDict.describe(a));
                return;
            }
            assertEquals(new ArrayList<>(em.keySet()), new ArrayList<>(am.keySet()), path + ": keys (in order)");
            em.forEach((k, v) -> compare(v, am.get(k), path + "." + k));
        } else if (e instanceof List<?> el) {
            String kind = e instanceof Tuple ? "tuple" : "list";
            boolean same = a instanceof List && (a instanceof Tuple) == (e instanceof Tuple);
            assertTrue(same, path + ": expected a " + kind + " " + e + ", got " + ConfigDict.describe(a));
            List<?> al = (List<?>) a;
            assertEquals(el.size(), al.size(), path + ": length of " + al);
            for (int i = 0; i < el.size(); i++) {
                compare(el.get(i), al.get(i), path + "[" + i + "]");
            }
        } else {
            if (!Objects.equals(e, a)) {
                fail(path + ": expected " + ConfigDict.describe(e) + ", got " + ConfigDict.describe(a));
            }
        }
    }

    /** Asserts a ConfigException whose message contains every fragment; returns the message. */
    static String assertConfigError(Executable run, String... fragments) {
        ConfigException ex = assertThrows(ConfigException.class, run);
        for (String f : fragments) {
            assertTrue(ex.getMessage().contains(f), "message '" + ex.getMessage() + "' lacks '" + f + "'");
        }
        assertEquals(2, ex.exitCode());
        return ex.getMessage();
    }
}
