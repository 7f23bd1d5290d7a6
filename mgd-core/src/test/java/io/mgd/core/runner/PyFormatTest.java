package io.mgd.core.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected strings are what CPython 3 prints for the same values. */
class PyFormatTest {
    @Test
    void reprLikePython() {
        assertEquals("0.1", PyFormat.repr(0.1));
        assertEquals("1e-05", PyFormat.repr(1e-5));
        assertEquals("0.0001", PyFormat.repr(1e-4));
        assertEquals("1.5e-07", PyFormat.repr(1.5e-7));
        assertEquals("123456.0", PyFormat.repr(123456.0));
        assertEquals("1e+16", PyFormat.repr(1e16));
        assertEquals("1000000000000000.0", PyFormat.repr(1e15));
        assertEquals("0.010000000000000002", PyFormat.repr(0.1 * 0.1));
        assertEquals("-2.5", PyFormat.repr(-2.5));
        assertEquals("0.0", PyFormat.repr(0.0));
    }

    @Test
    void roundAndFormatLikePython() {
        assertEquals(0.12346, PyFormat.round(0.123456789, 5));
        assertEquals(2.67, PyFormat.round(2.675, 2)); // 2.675 is 2.67499999... in binary
        assertEquals("0.12", PyFormat.fixed(0.125, 2)); // exact tie rounds half-even
        assertEquals("0.1235", PyFormat.fixed(0.12345678, 4));
        assertEquals("-0.0000", PyFormat.fixed(-1e-6, 4));
        assertEquals("1.000e-05", PyFormat.sci(1e-5, 3));
        assertEquals("1.000e-02", PyFormat.sci(0.01, 3));
        assertEquals("2.000e-02", PyFormat.sci(0.02, 3));
        assertEquals("1.235e+03", PyFormat.sci(1234.5678, 3));
        assertEquals("0.000e+00", PyFormat.sci(0.0, 3));
    }

    @Test
    void jsonLikePythonDumps() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", "train");
        m.put("epoch", 1);
        m.put("lr", 1e-5);
        m.put("list", List.of(1, 2.5, "x"));
        m.put("s", "é\"\n");
        m.put("none", null);
        m.put("flag", true);
        assertEquals("{\"mode\": \"train\", \"epoch\": 1, \"lr\": 1e-05, \"list\": [1, 2.5, \"x\"], "
                + "\"s\": \"\\u00e9\\\"\\n\", \"none\": null, \"flag\": true}", PyFormat.json(m));
    }

    @Test
    void durationLikeTimedelta() {
        assertEquals("0:00:05", BaseRunner.formatDuration(5.9));
        assertEquals("1:01:01", BaseRunner.formatDuration(3661));
        assertEquals("1 day, 1:01:01", BaseRunner.formatDuration(90061));
        assertEquals("2 days, 0:00:00", BaseRunner.formatDuration(172800));
    }
}
