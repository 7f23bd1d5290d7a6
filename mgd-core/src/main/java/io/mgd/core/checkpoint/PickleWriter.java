package io.mgd.core.checkpoint;

import static io.mgd.core.checkpoint.PickleOpcodes.*;

import ai.djl.ndarray.NDArray;
import io.mgd.core.config.Tuple;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pickles Java values (see the package docs for the mapping) with protocol 2, the protocol
 * {@code torch.save} uses by default, turning tensors into {@code _rebuild_tensor_v2} calls on
 * persistent storages that the caller writes as {@code data/<key>} records.
 */
final class PickleWriter {
    /** CPython batches APPENDS/SETITEMS in groups of 1000; so do we. */
    private static final int BATCH = 1000;
    /** Deeper than any checkpoint; stops a self-containing collection before a stack overflow. */
    private static final int MAX_DEPTH = 200;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<Object, Integer> memo = new HashMap<>();
    private final Map<TensorData, String> storageKeys = new IdentityHashMap<>();
    private final Map<String, TensorData> storages = new LinkedHashMap<>();
    private final Deque<String> path = new ArrayDeque<>();

    /** Pickles {@code obj}; call once per writer. */
    byte[] dump(Object obj) {
        out.write(PROTO);
        out.write(2);
        save(obj);
        out.write(STOP);
        return out.toByteArray();
    }

    /** The storages the pickle refers to, by key, in first-use order. */
    Map<String, TensorData> storages() {
        return storages;
    }

    private void save(Object o) {
        if (path.size() > MAX_DEPTH) {
            throw new FormatException("values nest deeper than " + MAX_DEPTH
                    + " levels (does a collection contain itself?)");
        }
        if (o == null) {
            out.write(NONE);
        } else if (o instanceof Boolean b) {
            out.write(b ? NEWTRUE : NEWFALSE);
        } else if (o instanceof Long || o instanceof Integer || o instanceof Short
                || o instanceof Byte) {
            saveInt(((Number) o).longValue());
        } else if (o instanceof BigInteger b) {
            saveBigInt(b);
        } else if (o instanceof Double || o instanceof Float) {
            out.write(BINFLOAT);
            long bits = Double.doubleToRawLongBits(((Number) o).doubleValue());
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (bits >>> shift)); // big-endian, as pickle stores floats
            }
        } else if (o instanceof String s) {
            saveString(s);
        } else if (o instanceof Character c) {
            saveString(c.toString());
        } else if (o instanceof byte[] b) {
            saveBytes(b);
        } else if (o instanceof TensorData t) {
            saveTensor(t);
        } else if (o instanceof NDArray a) {
            saveTensor(TensorData.fromNDArray(a));
        } else if (o instanceof PyOrderedDict d) {
            saveGlobal("collections", "OrderedDict");
            out.write(EMPTY_TUPLE);
            out.write(REDUCE);
            saveItems(d);
            if (!d.attributes().isEmpty()) {
                out.write(EMPTY_DICT);
                saveItems(d.attributes());
                out.write(BUILD);
            }
        } else if (o instanceof Map<?, ?> m) {
            out.write(EMPTY_DICT);
            saveItems(m);
        } else if (o instanceof Tuple t) {
            saveTuple(t);
        } else if (o instanceof List<?> l) {
            out.write(EMPTY_LIST);
            saveAppends(l);
        } else if (o instanceof Set<?> s) {
            // protocol 2 has no set opcodes: pickled as set([items]), like CPython
            saveGlobal("__builtin__", "set");
            out.write(EMPTY_LIST);
            saveAppends(s);
            out.write(TUPLE1);
            out.write(REDUCE);
        } else if (o instanceof PyGlobal g) {
            saveGlobal(g.module(), g.name());
        } else if (o instanceof PyObject p) {
            savePlaceholder(p);
        } else {
            throw new FormatException("a " + o.getClass().getName() + " cannot be pickled"
                    + where());
        }
    }

    private void saveInt(long v) {
        if (v >= 0 && v < 0x100) {
            out.write(BININT1);
            out.write((int) v);
        } else if (v >= 0 && v < 0x10000) {
            out.write(BININT2);
            out.write((int) v);
            out.write((int) (v >>> 8));
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.write(BININT);
            writeInt32((int) v);
        } else {
            saveBigInt(BigInteger.valueOf(v));
        }
    }

    private void saveBigInt(BigInteger v) {
        byte[] be = v.signum() == 0 ? new byte[0] : v.toByteArray(); // minimal two's complement
        if (be.length < 0x100) {
            out.write(LONG1);
            out.write(be.length);
        } else {
            out.write(LONG4);
            writeInt32(be.length);
        }
        for (int i = be.length - 1; i >= 0; i--) {
            out.write(be[i]);
        }
    }

    private void saveString(String s) {
        if (getMemo(s)) {
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(BINUNICODE);
        writeInt32(b.length);
        out.writeBytes(b);
        putMemo(s);
    }

    private void saveBytes(byte[] b) {
        // protocol 2 has no bytes opcodes: CPython writes bytes() or
        // _codecs.encode(latin-1 str, 'latin1'), which every Python 3 reads back as bytes
        if (b.length == 0) {
            saveGlobal("__builtin__", "bytes");
            out.write(EMPTY_TUPLE);
        } else {
            saveGlobal("_codecs", "encode");
            saveString(new String(b, StandardCharsets.ISO_8859_1));
            saveString("latin1");
            out.write(TUPLE2);
        }
        out.write(REDUCE);
    }

    private void saveTensor(TensorData t) {
        String key = storageKeys.get(t);
        if (key == null) {
            key = String.valueOf(storageKeys.size());
            storageKeys.put(t, key);
            storages.put(key, t);
        }
        saveGlobal("torch._utils", "_rebuild_tensor_v2");
        out.write(MARK);
        out.write(MARK); // persistent id ('storage', torch.XStorage, key, 'cpu', numel)
        saveString("storage");
        saveGlobal("torch", t.dtype().storageName());
        saveString(key);
        saveString("cpu");
        saveInt(t.numel());
        out.write(TUPLE);
        out.write(BINPERSID);
        saveInt(0); // storage offset
        long[] shape = t.shape();
        saveTuple(longTuple(shape));
        saveTuple(longTuple(Strided.contiguousStrides(shape)));
        out.write(NEWFALSE); // requires_grad
        saveGlobal("collections", "OrderedDict"); // backward hooks: OrderedDict()
        out.write(EMPTY_TUPLE);
        out.write(REDUCE);
        out.write(TUPLE);
        out.write(REDUCE);
    }

    private void savePlaceholder(PyObject p) {
        saveGlobal(p.type().module(), p.type().name());
        saveTuple(p.args());
        out.write(p.isNewObj() ? NEWOBJ : REDUCE);
        if (!p.listItems().isEmpty()) {
            saveAppends(p.listItems());
        }
        if (!p.dictItems().isEmpty()) {
            saveItems(p.dictItems());
        }
        if (p.state() != null) {
            save(p.state());
            out.write(BUILD);
        }
    }

    private void saveTuple(List<?> t) {
        switch (t.size()) {
            case 0 -> out.write(EMPTY_TUPLE);
            case 1, 2, 3 -> {
                saveElements(t);
                out.write(TUPLE1 + t.size() - 1);
            }
            default -> {
                out.write(MARK);
                saveElements(t);
                out.write(TUPLE);
            }
        }
    }

    private void saveElements(Collection<?> items) {
        int i = 0;
        for (Object x : items) {
            path.addLast("[" + i++ + "]");
            save(x);
            path.removeLast();
        }
    }

    private void saveAppends(Collection<?> items) {
        Iterator<?> it = items.iterator();
        int index = 0;
        while (it.hasNext()) {
            List<Object> batch = new ArrayList<>();
            while (it.hasNext() && batch.size() < BATCH) {
                batch.add(it.next());
            }
            out.write(MARK);
            for (Object x : batch) {
                path.addLast("[" + index++ + "]");
                save(x);
                path.removeLast();
            }
            out.write(APPENDS);
        }
    }

    private void saveItems(Map<?, ?> m) {
        Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
        while (it.hasNext()) {
            out.write(MARK);
            for (int n = 0; n < BATCH && it.hasNext(); n++) {
                Map.Entry<?, ?> e = it.next();
                path.addLast("." + e.getKey());
                save(e.getKey());
                save(e.getValue());
                path.removeLast();
            }
            out.write(SETITEMS);
        }
    }

    private void saveGlobal(String module, String name) {
        PyGlobal g = new PyGlobal(module, name);
        if (getMemo(g)) {
            return;
        }
        out.write(GLOBAL);
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
        putMemo(g);
    }

    /** Emits a memo GET for a value seen before (strings, globals); false when new. */
    private boolean getMemo(Object key) {
        Integer idx = memo.get(key);
        if (idx == null) {
            return false;
        }
        if (idx < 0x100) {
            out.write(BINGET);
            out.write(idx);
        } else {
            out.write(LONG_BINGET);
            writeInt32(idx);
        }
        return true;
    }

    private void putMemo(Object key) {
        int idx = memo.size();
        memo.put(key, idx);
        if (idx < 0x100) {
            out.write(BINPUT);
            out.write(idx);
        } else {
            out.write(LONG_BINPUT);
            writeInt32(idx);
        }
    }

    private void writeInt32(int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }

    private String where() {
        return path.isEmpty() ? "" : " (at " + String.join("", path).replaceFirst("^\\.", "")
                + ")";
    }

    private static Tuple longTuple(long[] values) {
        Object[] boxed = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return Tuple.of(boxed);
    }
}
