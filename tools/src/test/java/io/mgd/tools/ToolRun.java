package io.mgd.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/** Shared by the tools' end-to-end tests: run a tool in-process and check one-line errors. */
final class ToolRun {
    private ToolRun() {}

    /** Runs a tool, returning {exit code, captured stdout+stderr}. */
    static Object[] run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream cap = new PrintStream(buf, true);
        System.setOut(cap);
        System.setErr(cap);
        try {
            int rc = Main.run(args);
            return new Object[] {rc, buf.toString()};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** The tool failed with {@code code}, said {@code fragment}, and printed no stack trace. */
    static void assertError(Object[] r, int code, String fragment) {
        String out = (String) r[1];
        assertEquals(code, r[0], out);
        assertTrue(out.contains(fragment), out);
        assertFalse(out.contains("\tat "), "no stack trace: " + out);
    }
}
