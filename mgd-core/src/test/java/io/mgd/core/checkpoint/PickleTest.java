package io.mgd.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgd.core.config.Tuple;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pickle machine on hand-made streams and our writer's output read back. */
class PickleTest {
    private static Object read(byte[] pickle) {
        TorchObjects objects = new TorchObjects((dtype, key, numel, view) -> {
            throw new AssertionError("no storages here");
        });
        return new PickleReader(ByteBuffer.wrap(pickle), objects).load();
    }

    private static Object roundTrip(Object o) {
        return read(new PickleWriter().dump(o));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void integersAtEveryEncodingBoundary() {
        List<Object> values = new ArrayList<>();
        for (long v : new long[] {0, 1, 255, 256, 65535, 65536, -1, -256, Integer.MAX_VALUE,
                Integer.MIN_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L,
                Long.MAX_VALUE, Long.MIN_VALUE}) {
            values.add(v);
        }
        values.add(BigInteger.TWO.pow(70));
        values.add(BigInteger.TWO.pow(64).negate().subtract(BigInteger.ONE));
        values.add(BigInteger.TWO.pow(4000)); // LONG4
        assertEquals(values, roundTrip(values));
    }

    @Test
    void scalarsStringsAndContainers() {
        Map<Object, Object> d = new LinkedHashMap<>();
        d.put("none", null);
        d.put("t", true);
        d.put("f", false);
        d.put("pi", Math.PI);
        d.put("negzero", -0.0);
        d.put("inf", Double.NEGATIVE_INFINITY);
        d.put("float", 0.1f); // written as the double 0.1f widens to
        d.put("uni", "h\u00e9llo \u2713 \ud83d\ude00");
        d.put("bytes", new byte[] {0, -1, 'a'});
        d.put("nobytes", new byte[0]);
        d.put(7L, Tuple.of());
        d.put(Tuple.of(1L, "k"), Tuple.of(Tuple.of(1L), Tuple.of(1L, 2L), Tuple.of(1L, 2L, 3L),
                Tuple.of(1L, 2L, 3L, 4L)));
        d.put("set", new LinkedHashSet<>(List.of(3L, 1L)));
        d.put("char", 'c');
        Map<?, ?> back = (Map<?, ?>) roundTrip(d);
        assertEquals(d.keySet(), back.keySet());
        assertEquals(Math.PI, back.get("pi"));
        assertEquals(Double.doubleToRawLongBits(-0.0),
                Double.doubleToRawLongBits((Double) back.get("negzero")));
        assertEquals((double) 0.1f, back.get("float"));
        assertEquals(d.get("uni"), back.get("uni"));
        assertArrayEquals((byte[]) d.get("bytes"), (byte[]) back.get("bytes"));
        assertArrayEquals(new byte[0], (byte[]) back.get("nobytes"));
        assertEquals(d.get(Tuple.of(1L, "k")), back.get(Tuple.of(1L, "k")));
        assertInstanceOf(Tuple.class, back.get(7L));
        assertEquals(Set.of(1L, 3L), back.get("set"));
        assertEquals("c", back.get("char"));
        assertEquals(null, back.get("none"));
        assertEquals(true, back.get("t"));
    }

    @Test
    void largeCollectionsAreBatchedAndManyStringsMemoized() {
        List<Object> big = new ArrayList<>();
        Map<Object, Object> map = new LinkedHashMap<>();
        for (long i = 0; i < 2500; i++) {
            big.add("s" + (i % 700)); // > 256 distinct strings: LONG_BINPUT / LONG_BINGET
            map.put(i, i * i);
        }
        assertEquals(big, roundTrip(big));
        assertEquals(map, roundTrip(map));
    }

    @Test
    void orderedDictKeepsAttributes() {
        PyOrderedDict d = new PyOrderedDict();
        d.put("b", 1L);
        d.put("a", 2L);
        d.setMetadata(Map.of("", Map.of("version", 1L)));
        PyOrderedDict back = assertInstanceOf(PyOrderedDict.class, roundTrip(d));
        assertEquals(List.of("b", "a"), List.copyOf(back.keySet()));
        assertEquals(d.metadata(), back.metadata());
    }

    @Test
    void placeholdersRoundTrip() {
        PyObject dtype = new PyObject(new PyGlobal("numpy", "dtype"), Tuple.of("f8", false, true),
                false);
        dtype.setState(Tuple.of(3L, "<", null, null, null, -1L, -1L, 0L));
        PyObject scalar = new PyObject(new PyGlobal("numpy.core.multiarray", "scalar"),
                Tuple.of(dtype, new byte[8]), false);
        PyObject ns = new PyObject(new PyGlobal("argparse", "Namespace"), Tuple.of(), true);
        ns.dictItems().put("k", 1L);
        ns.listItems().add("x");
        List<?> back = (List<?>) roundTrip(List.of(scalar, ns, new PyGlobal("torch", "float32")));
        PyObject s = (PyObject) back.get(0);
        assertEquals("numpy.core.multiarray.scalar", s.type().toString());
        PyObject dt = (PyObject) s.args().get(0);
        assertEquals(dtype.state(), dt.state());
        PyObject n = (PyObject) back.get(1);
        assertTrue(n.isNewObj());
        assertEquals(Map.of("k", 1L), n.dictItems());
        assertEquals(List.of("x"), n.listItems());
        assertEquals(new PyGlobal("torch", "float32"), back.get(2));
    }

    @Test
    void protocolZeroTextOpcodes() {
        String p = "(lp0\nI01\naI00\naI-12\naL123456789012345678901234567890L\naF2.5\naFinf\na"
                + "S'a\\'b\\n\\x41'\np1\naVcaf\\u00e9\np2\nag1\nag2\na(dp3\nS'k'\nNsa(I1\n"
                + "I2\ntp4\na.";
        List<?> l = (List<?>) read(ascii(p));
        assertEquals(List.of(true, false, -12L, new BigInteger("123456789012345678901234567890"),
                2.5, Double.POSITIVE_INFINITY, "a'b\nA", "caf\u00e9", "a'b\nA", "caf\u00e9"),
                l.subList(0, 10));
        Map<Object, Object> d = new LinkedHashMap<>();
        d.put("k", null);
        assertEquals(d, l.get(10));
        assertEquals(Tuple.of(1L, 2L), l.get(11));
    }

    @Test
    void protocolFourFramingAndStackGlobal() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x80);
        b.write(4);
        b.write(0x95); // FRAME of 8-byte length
        b.writeBytes(new byte[] {30, 0, 0, 0, 0, 0, 0, 0});
        b.writeBytes(new byte[] {(byte) 0x8c, 11});
        b.writeBytes(ascii("collections"));
        b.write(0x94);
        b.writeBytes(new byte[] {(byte) 0x8c, 11});
        b.writeBytes(ascii("OrderedDict"));
        b.write(0x94);
        b.write(0x93); // STACK_GLOBAL
        b.write(')');
        b.write('R');
        b.write('.');
        assertInstanceOf(PyOrderedDict.class, read(b.toByteArray()));
    }

    @Test
    void malformedStreamsNameTheProblem() {
        assertMessage(new byte[] {(byte) 0x80, 2, 'a', '.'}, "underflow");
        assertMessage(new byte[] {(byte) 0x80, 2, 'h', 3, '.'}, "memo key 3");
        assertMessage(new byte[] {(byte) 0x80, 2, (byte) 0xff, '.'}, "unknown pickle opcode");
        assertMessage(new byte[] {(byte) 0x80, 9, 'N', '.'}, "protocol 9");
        assertMessage(new byte[] {(byte) 0x80, 2, 'N', 'N', '.'}, "2 values");
        assertMessage(new byte[] {(byte) 0x80, 2, 'N'}, "without STOP");
        assertMessage(new byte[] {(byte) 0x80, 2, 'J', 1}, "truncated");
        assertMessage(new byte[] {'N', 'e', '.'}, "MARK missing");
        assertMessage(new byte[] {(byte) 0x82, 1, '.'}, "extension");
        assertMessage(ascii("\u0080\u0002N)R."), "cannot call");
        assertMessage(ascii("I" + "9".repeat(5000) + "\n."), "too long");
        assertMessage(ascii("\u0080\u0002)Na."), "APPEND to a Tuple");
    }

    private static void assertMessage(byte[] pickle, String part) {
        FormatException e = assertThrows(FormatException.class, () -> read(pickle));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    @Test
    void writerRejectsUnpicklableValuesWithTheirPath() {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("ok", List.of(1L, Map.of("deep", new StringBuilder())));
        FormatException e = assertThrows(FormatException.class,
                () -> new PickleWriter().dump(Map.of("meta", meta)));
        assertTrue(e.getMessage().contains("java.lang.StringBuilder")
                && e.getMessage().contains("meta.ok[1].deep"), e.getMessage());
        List<Object> self = new ArrayList<>();
        self.add(self);
        e = assertThrows(FormatException.class, () -> new PickleWriter().dump(self));
        assertTrue(e.getMessage().contains("contain itself"), e.getMessage());
    }

    @Test
    void theSameTensorTwiceSharesOneStorage() {
        TensorData t = TensorData.ofFloats(new long[] {2}, 1f, 2f);
        PickleWriter w = new PickleWriter();
        w.dump(List.of(t, t, TensorData.ofFloats(new long[] {1}, 3f)));
        assertEquals(List.of("0", "1"), List.copyOf(w.storages().keySet()));
    }
}
