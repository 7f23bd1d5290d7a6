package io.mgd.core.checkpoint;

import static io.mgd.core.checkpoint.PickleOpcodes.*;

import io.mgd.core.config.Tuple;
import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pickle virtual machine (protocols 0 to 5) that builds plain Java values and never runs or
 * loads code: every class reference, call and state update goes to a {@link Resolver}. Runs
 * iteratively (no recursion), so deep nesting cannot overflow the Java stack, and checks every
 * length against the bytes left, so a corrupt length cannot cause a huge allocation.
 */
final class PickleReader {
    /** What classes, calls and persistent ids mean; the torch flavour is {@link TorchObjects}. */
    interface Resolver {
        /** {@code GLOBAL module name}: a value standing for the class or function. */
        Object findClass(String module, String name);

        /** {@code BINPERSID}: the object an out-of-band id refers to (torch: a storage). */
        Object persistentLoad(Object pid);

        /** {@code REDUCE}: the result of calling {@code callable(*args)}. */
        Object reduce(Object callable, Tuple args);

        /** {@code NEWOBJ}: the result of {@code cls.__new__(cls, *args)}. */
        Object newObj(Object cls, Tuple args);

        /** {@code BUILD}: applies {@code __setstate__(state)} to {@code obj}. */
        void build(Object obj, Object state);
    }

    private final ByteBuffer in;
    private final Resolver resolver;
    private final List<Object> stack = new ArrayList<>();
    private int[] marks = new int[16];
    private int markCount;
    private final Map<Long, Object> memo = new HashMap<>();

    /** Reads from {@code in} starting at its position; the position advances past STOP. */
    PickleReader(ByteBuffer in, Resolver resolver) {
        this.in = in.order(ByteOrder.LITTLE_ENDIAN);
        this.resolver = resolver;
    }

    /** Runs the machine up to the next STOP and returns the value on top of the stack. */
    Object load() {
        stack.clear();
        markCount = 0;
        memo.clear();
        while (true) {
            if (!in.hasRemaining()) {
                throw new FormatException("pickle ends without STOP (truncated?)");
            }
            int pos = in.position();
            int op = in.get() & 0xff;
            if (op == STOP) {
                if (stack.size() != 1 || markCount != 0) {
                    throw new FormatException("pickle STOP with " + stack.size()
                            + " values on the stack (corrupt pickle)");
                }
                return stack.remove(0);
            }
            try {
                step(op);
            } catch (BufferUnderflowException e) {
                throw new FormatException("pickle truncated (opcode 0x" + Integer.toHexString(op)
                        + " at byte " + pos + ")");
            } catch (FormatException | NumberFormatException e) {
                throw new FormatException(e.getMessage() + " (opcode 0x" + Integer.toHexString(op)
                        + " at byte " + pos + ")");
            }
        }
    }

    private void step(int op) {
        switch (op) {
            case PROTO -> {
                int proto = u8();
                if (proto > HIGHEST_PROTOCOL) {
                    throw new FormatException("unsupported pickle protocol " + proto);
                }
            }
            case FRAME -> length(in.getLong()); // framing only groups bytes; nothing to do
            case MARK -> pushMark();
            case POP -> {
                if (markCount > 0 && marks[markCount - 1] == stack.size()) {
                    markCount--; // CPython: POP right after MARK discards the mark
                } else {
                    pop();
                }
            }
            case POP_MARK -> popMark();
            case DUP -> push(peek());
            case NONE -> push(null);
            case NEWTRUE -> push(Boolean.TRUE);
            case NEWFALSE -> push(Boolean.FALSE);
            case INT -> push(PickleText.parseInt(line(), true));
            case BININT -> push((long) in.getInt());
            case BININT1 -> push((long) u8());
            case BININT2 -> push((long) (in.getShort() & 0xffff));
            case LONG -> push(PickleText.parseInt(line(), false));
            case LONG1 -> push(longBytes(u8()));
            case LONG4 -> push(longBytes(length(in.getInt())));
            case FLOAT -> push(PickleText.parseFloat(line()));
            case BINFLOAT -> push(Double.longBitsToDouble(Long.reverseBytes(in.getLong()))); // big-endian
            case STRING -> push(PickleText.unquote(line()));
            case BINSTRING -> push(utf8(length(in.getInt())));
            case SHORT_BINSTRING -> push(utf8(u8()));
            case UNICODE -> push(PickleText.rawUnicodeEscape(line()));
            case BINUNICODE -> push(utf8(length(in.getInt() & 0xffffffffL)));
            case SHORT_BINUNICODE -> push(utf8(u8()));
            case BINUNICODE8 -> push(utf8(length(in.getLong())));
            case BINBYTES -> push(bytes(length(in.getInt() & 0xffffffffL)));
            case SHORT_BINBYTES -> push(bytes(u8()));
            case BINBYTES8, BYTEARRAY8 -> push(bytes(length(in.getLong())));
            case EMPTY_TUPLE -> push(Tuple.of());
            case TUPLE -> push(Tuple.copyOf(popMark()));
            case TUPLE1 -> push(Tuple.of(pop()));
            case TUPLE2 -> {
                Object b = pop();
                push(Tuple.of(pop(), b));
            }
            case TUPLE3 -> {
                Object c = pop();
                Object b = pop();
                push(Tuple.of(pop(), b, c));
            }
            case EMPTY_LIST -> push(new ArrayList<>());
            case LIST -> push(new ArrayList<>(popMark()));
            case APPEND -> {
                Object v = pop();
                append(peek(), Collections.singletonList(v));
            }
            case APPENDS -> {
                List<Object> items = popMark();
                append(peek(), items);
            }
            case EMPTY_DICT -> push(new LinkedHashMap<>());
            case DICT -> {
                Map<Object, Object> d = new LinkedHashMap<>();
                setItems(d, popMark());
                push(d);
            }
            case SETITEM -> {
                Object v = pop();
                Object k = pop();
                setItems(peek(), Arrays.asList(k, v));
            }
            case SETITEMS -> {
                List<Object> kv = popMark();
                setItems(peek(), kv);
            }
            case EMPTY_SET -> push(new java.util.LinkedHashSet<>());
            case ADDITEMS -> {
                List<Object> items = popMark();
                if (!(peek() instanceof Set<?> set)) {
                    throw new FormatException("ADDITEMS on a " + typeName(peek()));
                }
                @SuppressWarnings("unchecked")
                Set<Object> s = (Set<Object>) set;
                s.addAll(items);
            }
            case FROZENSET -> push(new java.util.LinkedHashSet<>(popMark()));
            case GET -> push(memoGet(Long.parseLong(line().trim())));
            case BINGET -> push(memoGet(u8()));
            case LONG_BINGET -> push(memoGet(in.getInt() & 0xffffffffL));
            case PUT -> memo.put(Long.parseLong(line().trim()), peek());
            case BINPUT -> memo.put((long) u8(), peek());
            case LONG_BINPUT -> memo.put(in.getInt() & 0xffffffffL, peek());
            case MEMOIZE -> memo.put((long) memo.size(), peek());
            case GLOBAL -> {
                String module = line();
                push(resolver.findClass(module, line()));
            }
            case STACK_GLOBAL -> {
                Object name = pop();
                Object module = pop();
                if (!(module instanceof String m) || !(name instanceof String n)) {
                    throw new FormatException("STACK_GLOBAL needs two strings");
                }
                push(resolver.findClass(m, n));
            }
            case REDUCE -> {
                Tuple args = asTuple(pop(), "REDUCE");
                push(resolver.reduce(pop(), args));
            }
            case NEWOBJ -> {
                Tuple args = asTuple(pop(), "NEWOBJ");
                push(resolver.newObj(pop(), args));
            }
            case NEWOBJ_EX -> {
                Object kwargs = pop();
                Tuple args = asTuple(pop(), "NEWOBJ_EX");
                Object cls = pop();
                if (kwargs instanceof Map<?, ?> m && !m.isEmpty()) {
                    throw new FormatException("NEWOBJ_EX with keyword arguments for " + cls);
                }
                push(resolver.newObj(cls, args));
            }
            case OBJ -> {
                List<Object> items = popMark();
                if (items.isEmpty()) {
                    throw new FormatException("OBJ without a class");
                }
                Tuple args = Tuple.copyOf(items.subList(1, items.size()));
                push(resolver.reduce(items.get(0), args));
            }
            case INST -> {
                String module = line();
                Object cls = resolver.findClass(module, line());
                push(resolver.reduce(cls, Tuple.copyOf(popMark())));
            }
            case BUILD -> {
                Object state = pop();
                resolver.build(peek(), state);
            }
            case PERSID -> push(resolver.persistentLoad(line()));
            case BINPERSID -> push(resolver.persistentLoad(pop()));
            case EXT1, EXT2, EXT4 -> throw new FormatException("pickle extension codes (EXT) "
                    + "are not supported");
            case NEXT_BUFFER, READONLY_BUFFER -> throw new FormatException("out-of-band pickle "
                    + "buffers are not supported");
            default -> throw new FormatException("unknown pickle opcode (corrupt pickle)");
        }
    }

    private void append(Object target, List<Object> items) {
        if (target instanceof List<?> list && !(target instanceof Tuple)) {
            @SuppressWarnings("unchecked")
            List<Object> l = (List<Object>) list;
            l.addAll(items);
        } else if (target instanceof PyObject o) {
            o.listItems().addAll(items);
        } else {
            throw new FormatException("APPEND to a " + typeName(target));
        }
    }

    private void setItems(Object target, List<Object> kv) {
        if (kv.size() % 2 != 0) {
            throw new FormatException("SETITEMS with an odd number of values");
        }
        Map<Object, Object> map;
        if (target instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> mm = (Map<Object, Object>) m;
            map = mm;
        } else if (target instanceof PyObject o) {
            map = o.dictItems();
        } else {
            throw new FormatException("SETITEM on a " + typeName(target));
        }
        for (int i = 0; i < kv.size(); i += 2) {
            map.put(kv.get(i), kv.get(i + 1));
        }
    }

    private static Tuple asTuple(Object o, String op) {
        if (o instanceof Tuple t) {
            return t;
        }
        throw new FormatException(op + " arguments must be a tuple, got " + typeName(o));
    }

    static String typeName(Object o) {
        return o == null ? "None" : o.getClass().getSimpleName();
    }

    // ---- stack ----

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() {
        int floor = markCount == 0 ? 0 : marks[markCount - 1];
        if (stack.size() <= floor) {
            throw new FormatException("pickle stack underflow (corrupt pickle)");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() {
        int floor = markCount == 0 ? 0 : marks[markCount - 1];
        if (stack.size() <= floor) {
            throw new FormatException("pickle stack underflow (corrupt pickle)");
        }
        return stack.get(stack.size() - 1);
    }

    private void pushMark() {
        if (markCount == marks.length) {
            marks = Arrays.copyOf(marks, marks.length * 2);
        }
        marks[markCount++] = stack.size();
    }

    /** Pops everything above the last MARK (in order) and the mark itself. */
    private List<Object> popMark() {
        if (markCount == 0) {
            throw new FormatException("pickle MARK missing (corrupt pickle)");
        }
        int from = marks[--markCount];
        List<Object> top = stack.subList(from, stack.size());
        List<Object> items = new ArrayList<>(top);
        top.clear();
        return items;
    }

    private Object memoGet(long key) {
        Object v = memo.get(key);
        if (v == null && !memo.containsKey(key)) {
            throw new FormatException("pickle memo key " + key + " is not defined");
        }
        return v;
    }

    // ---- raw input ----

    private int u8() {
        return in.get() & 0xff;
    }

    /** Validates a length read from the stream against the bytes left. */
    private int length(long n) {
        if (n < 0 || n > in.remaining()) {
            throw new FormatException("pickle length " + n + " exceeds the " + in.remaining()
                    + " bytes left (truncated or corrupt)");
        }
        return (int) n;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    private String utf8(int n) {
        return new String(bytes(n), StandardCharsets.UTF_8);
    }

    private String line() {
        int start = in.position();
        for (int i = start; i < in.limit(); i++) {
            if (in.get(i) == '\n') {
                byte[] b = new byte[i - start];
                in.get(b);
                in.get(); // the newline
                return new String(b, StandardCharsets.ISO_8859_1);
            }
        }
        throw new FormatException("pickle text argument without newline (truncated?)");
    }

    // ---- numbers ----

    private Object longBytes(int n) {
        if (n == 0) {
            return 0L;
        }
        byte[] le = bytes(n);
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) {
            be[i] = le[n - 1 - i];
        }
        return normalize(new BigInteger(be)); // two's complement, as pickle encodes it
    }

    /** A Python int as Long when it fits, else BigInteger. */
    static Object normalize(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }
}
