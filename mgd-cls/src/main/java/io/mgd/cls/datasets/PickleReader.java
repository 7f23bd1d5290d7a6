package io.mgd.cls.datasets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small unpickler for the CIFAR python batches: dicts, lists, tuples, strings, ints, floats and
 * numpy arrays ({@code numpy.core.multiarray._reconstruct} + {@code __setstate__}), protocols 0-5
 * binary opcodes. Python 2 {@code str} is read as latin-1 ({@code pickle.load(f,
 * encoding='latin1')}, as mmcls does), so raw array bytes survive. Anything else (arbitrary
 * classes) is refused: nothing is ever executed.
 */
final class PickleReader {
    /** A numpy array: dtype string (e.g. {@code |u1}), shape and raw bytes. */
    record NdArray(String dtype, int[] shape, byte[] data) {}

    private record Global(String module, String name) {}

    private static final class Reconstructing {
        NdArray array;
    }

    private static final class DType {
        String descr;
        String order = "|";
    }

    private static final Object MARK = new Object();

    private final ByteBuffer in;
    private final List<Object> stack = new ArrayList<>();
    private final Map<Integer, Object> memo = new HashMap<>();
    private final String source;

    private PickleReader(byte[] bytes, String source) {
        this.in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        this.source = source;
    }

    /** Unpickles {@code bytes}; {@code source} names them in errors. */
    static Object load(byte[] bytes, String source) throws IOException {
        try {
            return resolve(new PickleReader(bytes, source).run());
        } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException | ClassCastException e) {
            throw new IOException(source + ": truncated or malformed pickle (" + e + ")", e);
        }
    }

    private Object run() throws IOException {
        while (true) {
            int op = in.get() & 0xFF;
            switch (op) {
                case 0x80 -> in.get(); // PROTO
                case 0x95 -> in.getLong(); // FRAME
                case '.' -> { return pop(); } // STOP
                case '(' -> stack.add(MARK);
                case '}' -> stack.add(new LinkedHashMap<>());
                case ']', 'l' -> stack.add(op == ']' ? new ArrayList<>() : new ArrayList<>(popMark()));
                case ')' -> stack.add(List.of());
                case 't' -> stack.add(popMark());
                case 0x85 -> stack.add(listOf(pop()));
                case 0x86 -> { Object b = pop(); Object a = pop(); stack.add(listOf(a, b)); }
                case 0x87 -> { Object c = pop(); Object b = pop(); Object a = pop(); stack.add(listOf(a, b, c)); }
                case 'd' -> stack.add(dict(popMark()));
                case 'a' -> { Object v = pop(); list(peek()).add(v); }
                case 'e' -> { List<Object> items = popMark(); list(peek()).addAll(items); }
                case 's' -> { Object v = pop(); Object k = pop(); map(peek()).put(k, v); }
                case 'u' -> { List<Object> kv = popMark(); map(peek()).putAll(dict(kv)); }
                case 'q' -> memo.put(in.get() & 0xFF, peek());
                case 'r' -> memo.put(in.getInt(), peek());
                case 0x94 -> memo.put(memo.size(), peek());
                case 'h' -> stack.add(memo.get(in.get() & 0xFF));
                case 'j' -> stack.add(memo.get(in.getInt()));
                case 'J' -> stack.add((long) in.getInt());
                case 'K' -> stack.add((long) (in.get() & 0xFF));
                case 'M' -> stack.add((long) (in.getShort() & 0xFFFF));
                case 0x8a -> stack.add(long1(in.get() & 0xFF));
                case 'N' -> stack.add(null);
                case 0x88 -> stack.add(Boolean.TRUE);
                case 0x89 -> stack.add(Boolean.FALSE);
                case 'G' -> stack.add(in.order(ByteOrder.BIG_ENDIAN).getDouble());
                case 'U' -> stack.add(new String(bytes(in.get() & 0xFF), StandardCharsets.ISO_8859_1));
                case 'T' -> stack.add(new String(bytes(in.getInt()), StandardCharsets.ISO_8859_1));
                case 'X' -> stack.add(new String(bytes(in.getInt()), StandardCharsets.UTF_8));
                case 0x8c -> stack.add(new String(bytes(in.get() & 0xFF), StandardCharsets.UTF_8));
                case 0x8d -> stack.add(new String(bytes(Math.toIntExact(in.getLong())), StandardCharsets.UTF_8));
                case 'C' -> stack.add(bytes(in.get() & 0xFF));
                case 'B' -> stack.add(bytes(in.getInt()));
                case 0x8e, 0x96 -> stack.add(bytes(Math.toIntExact(in.getLong())));
                case 'c' -> stack.add(new Global(line(), line()));
                case 0x93 -> { String name = (String) pop(); stack.add(new Global((String) pop(), name)); }
                case 'R', 0x81 -> { List<Object> args = list(pop()); stack.add(reduce(pop(), args)); }
                case 'b' -> { Object state = pop(); build(peek(), state); }
                default -> throw new IOException(source + ": unsupported pickle opcode 0x" + Integer.toHexString(op)
                        + " at byte " + (in.position() - 1));
            }
            in.order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    private Object reduce(Object callable, List<Object> args) throws IOException {
        if (!(callable instanceof Global g)) {
            throw new IOException(source + ": cannot call " + callable);
        }
        String fn = g.module() + "." + g.name();
        if (g.name().equals("_reconstruct") && g.module().endsWith("multiarray")) {
            return new Reconstructing();
        }
        if (g.name().equals("_frombuffer") && g.module().startsWith("numpy")) {
            // protocol 5: (buffer, dtype, shape, order)
            DType d = (DType) args.get(1);
            int[] shape = list(args.get(2)).stream().mapToInt(x -> ((Long) x).intValue()).toArray();
            if (!"C".equals(args.get(3))) {
                throw new IOException(source + ": Fortran-ordered numpy arrays are not supported");
            }
            Reconstructing r = new Reconstructing();
            r.array = new NdArray(d.order + d.descr, shape, (byte[]) args.get(0));
            return r;
        }
        if (fn.equals("numpy.dtype")) {
            DType d = new DType();
            d.descr = (String) args.get(0);
            return d;
        }
        if (fn.equals("_codecs.encode")) {
            return ((String) args.get(0)).getBytes(StandardCharsets.ISO_8859_1);
        }
        throw new IOException(source + ": refusing to construct " + fn + " (only numpy arrays and plain values)");
    }

    private void build(Object obj, Object state) throws IOException {
        if (obj instanceof DType d) {
            d.order = (String) list(state).get(1);
        } else if (obj instanceof Reconstructing r) {
            List<Object> st = list(state);
            List<Object> shapeList = list(st.get(1));
            int[] shape = shapeList.stream().mapToInt(x -> ((Long) x).intValue()).toArray();
            DType d = (DType) st.get(2);
            if (Boolean.TRUE.equals(st.get(3))) {
                throw new IOException(source + ": Fortran-ordered numpy arrays are not supported");
            }
            Object raw = st.get(4);
            byte[] data = raw instanceof byte[] b ? b : ((String) raw).getBytes(StandardCharsets.ISO_8859_1);
            r.array = new NdArray(d.order + d.descr, shape, data);
        } else {
            throw new IOException(source + ": cannot set state of " + obj);
        }
    }

    /** Replaces array placeholders by their {@link NdArray}s in the result. */
    private static Object resolve(Object v) {
        if (v instanceof Reconstructing r) {
            return r.array;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, resolve(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(PickleReader::resolve).toList();
        }
        return v;
    }

    private Object long1(int n) {
        byte[] b = bytes(n);
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        if (n > 0 && n < 8 && (b[n - 1] & 0x80) != 0) {
            v -= 1L << (8 * n);
        }
        return v;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    private String line() {
        StringBuilder sb = new StringBuilder();
        byte c;
        while ((c = in.get()) != '\n') {
            sb.append((char) (c & 0xFF));
        }
        return sb.toString();
    }

    private Object pop() {
        return stack.remove(stack.size() - 1);
    }

    private Object peek() {
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() {
        int i = stack.size() - 1;
        while (stack.get(i) != MARK) {
            i--;
        }
        List<Object> items = new ArrayList<>(stack.subList(i + 1, stack.size()));
        stack.subList(i, stack.size()).clear();
        return items;
    }

    private static Map<Object, Object> dict(List<Object> kv) {
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.size(); i += 2) {
            m.put(kv.get(i), kv.get(i + 1));
        }
        return m;
    }

    private static List<Object> listOf(Object... items) {
        return java.util.Arrays.asList(items);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> map(Object o) {
        return (Map<Object, Object>) o;
    }
}
