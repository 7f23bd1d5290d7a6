package io.mgd.core.checkpoint;

import io.mgd.core.config.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The meaning of the classes and calls that {@code torch.save} pickles: tensors, parameters,
 * storages, OrderedDicts, bytes and sets become Java values; every other class becomes an inert
 * {@link PyObject} placeholder. Nothing is looked up by class name.
 */
final class TorchObjects implements PickleReader.Resolver {
    /** Supplies the storage behind a persistent id, or {@code null} when not loaded yet. */
    interface StorageLoader {
        /**
         * @param dtype element type ({@link DType#UINT8} for untyped storages)
         * @param key the storage record key
         * @param numel the element count the pickle claims
         * @param view legacy view metadata {@code (view_key, offset, size)}, or {@code null}
         */
        TensorData load(DType dtype, String key, long numel, Tuple view);
    }

    /** A {@code torch.XxxStorage} class reference. */
    record StorageType(DType dtype) {}

    /** Stands for a storage whose bytes are not read yet (first pass over a legacy file). */
    private static final Object PENDING = new Object();

    private final StorageLoader storages;

    TorchObjects(StorageLoader storages) {
        this.storages = storages;
    }

    @Override
    public Object findClass(String module, String name) {
        // Like torch.load: any name containing "Storage" is a storage type, whatever the module.
        if (name.contains("Storage")) {
            if (name.equals("UntypedStorage") || name.equals("_UntypedStorage")) {
                return new StorageType(DType.UINT8);
            }
            DType t = DType.fromStorageName(name);
            if (t == null) {
                throw new FormatException("unsupported storage type " + module + "." + name);
            }
            return new StorageType(t);
        }
        return new PyGlobal(module, name);
    }

    @Override
    public Object persistentLoad(Object pid) {
        if (!(pid instanceof Tuple t) || t.isEmpty()) {
            throw new FormatException("persistent id is not a tuple: " + pid);
        }
        String kind = ascii(t.get(0));
        if (kind.equals("module")) {
            throw new FormatException("the file pickles a whole nn.Module class; only "
                    + "checkpoints of tensors, dicts and state dicts are supported");
        }
        if (!kind.equals("storage") || (t.size() != 5 && t.size() != 6)) {
            throw new FormatException("unsupported persistent id " + t);
        }
        if (!(t.get(1) instanceof StorageType type)) {
            throw new FormatException("persistent id names no storage type: " + t);
        }
        long numel = asLong(t.get(4), "storage size");
        Tuple view = t.size() == 6 && t.get(5) instanceof Tuple v ? v : null;
        TensorData s = storages.load(type.dtype(), ascii(t.get(2)), numel, view);
        return s == null ? PENDING : s;
    }

    @Override
    public Object reduce(Object callable, Tuple args) {
        if (!(callable instanceof PyGlobal g)) {
            throw new FormatException("cannot call a " + PickleReader.typeName(callable));
        }
        switch (g.module() + "." + g.name()) {
            case "collections.OrderedDict":
                PyOrderedDict d = new PyOrderedDict();
                if (!args.isEmpty()) {
                    for (Object pair : asCollection(args.get(0))) {
                        List<?> kv = (List<?>) pair;
                        d.put(kv.get(0), kv.get(1));
                    }
                }
                return d;
            case "collections.defaultdict":
                return new LinkedHashMap<>(); // the default factory does not matter for data
            case "torch._utils._rebuild_tensor":
            case "torch._utils._rebuild_tensor_v2":
                return rebuildTensor(args, null);
            case "torch._utils._rebuild_tensor_v3":
                return rebuildTensor(args, args.size() > 6 ? args.get(6) : null);
            case "torch._utils._rebuild_parameter":
            case "torch._utils._rebuild_parameter_with_state":
                return args.get(0); // requires_grad and hooks do not matter for weights
            case "_codecs.encode":
                // protocol 2 pickles bytes as _codecs.encode(str, 'latin1')
                return ((String) args.get(0)).getBytes(StandardCharsets.ISO_8859_1);
            case "builtins.bytes":
            case "__builtin__.bytes":
            case "builtins.bytearray":
            case "__builtin__.bytearray":
                return bytesFromArgs(args);
            case "builtins.set":
            case "__builtin__.set":
            case "builtins.frozenset":
            case "__builtin__.frozenset":
                return args.isEmpty() ? new LinkedHashSet<>() : new LinkedHashSet<>(
                        asCollection(args.get(0)));
            default:
                return new PyObject(g, args, false);
        }
    }

    @Override
    public Object newObj(Object cls, Tuple args) {
        if (!(cls instanceof PyGlobal g)) {
            throw new FormatException("cannot instantiate a " + PickleReader.typeName(cls));
        }
        if (g.module().equals("collections") && g.name().equals("OrderedDict")) {
            return new PyOrderedDict();
        }
        return new PyObject(g, args, true);
    }

    @Override
    public void build(Object obj, Object state) {
        if (obj instanceof PyObject o) {
            o.setState(state);
        } else if (obj instanceof PyOrderedDict d) {
            // state is the instance __dict__, or (dict, slots) for classes with __slots__
            Object dict = state instanceof Tuple t && t.size() == 2 ? t.get(0) : state;
            if (dict instanceof Map<?, ?> m) {
                m.forEach((k, v) -> d.attributes().put(String.valueOf(k), v));
            } else if (dict != null) {
                throw new FormatException("OrderedDict state is a " + PickleReader.typeName(dict));
            }
        } else if (obj instanceof TensorData || obj == null) {
            // _rebuild_parameter_with_state already applied Python attributes we do not model
            return;
        } else if (!(state == null || state instanceof Map<?, ?> m && m.isEmpty())) {
            throw new FormatException("cannot set state on a " + PickleReader.typeName(obj));
        }
    }

    private Object rebuildTensor(Tuple args, Object dtypeArg) {
        if (args.size() < 4) {
            throw new FormatException("tensor rebuild with " + args.size() + " arguments");
        }
        Object storage = args.get(0);
        if (storage == PENDING) {
            return null;
        }
        if (!(storage instanceof TensorData s)) {
            throw new FormatException("tensor storage is a " + PickleReader.typeName(storage));
        }
        if (dtypeArg != null) {
            s = reinterpret(s, dtypeArg);
        }
        long offset = asLong(args.get(1), "storage offset");
        return Strided.view(s, offset, longs(args.get(2), "size"), longs(args.get(3), "stride"));
    }

    /** {@code _rebuild_tensor_v3} pairs an untyped (byte) storage with an explicit dtype. */
    private static TensorData reinterpret(TensorData storage, Object dtypeArg) {
        DType t = dtypeArg instanceof PyGlobal g && g.module().equals("torch")
                ? DType.fromTorchName(g.name()) : null;
        if (t == null) {
            throw new FormatException("unsupported tensor dtype " + dtypeArg);
        }
        if (t == storage.dtype()) {
            return storage;
        }
        long bytes = storage.numel() * storage.dtype().elementSize();
        if (bytes % t.elementSize() != 0) {
            throw new FormatException("storage of " + bytes + " bytes is no " + t.torchName()
                    + " array");
        }
        return TensorData.wrap(t, new long[] {bytes / t.elementSize()}, storage.data());
    }

    private static byte[] bytesFromArgs(Tuple args) {
        if (args.isEmpty()) {
            return new byte[0];
        }
        Object a = args.get(0);
        if (a instanceof byte[] b) {
            return b.clone();
        }
        if (a instanceof String s) {
            return s.getBytes(StandardCharsets.ISO_8859_1);
        }
        Collection<?> items = asCollection(a);
        byte[] out = new byte[items.size()];
        int i = 0;
        for (Object x : items) {
            out[i++] = (byte) asLong(x, "byte value");
        }
        return out;
    }

    private static Collection<?> asCollection(Object o) {
        if (o instanceof Collection<?> c) {
            return c;
        }
        throw new FormatException("expected a list, got " + PickleReader.typeName(o));
    }

    static long asLong(Object o, String what) {
        if (o instanceof Long l) {
            return l;
        }
        throw new FormatException(what + " is not an int: " + o);
    }

    private static long[] longs(Object o, String what) {
        if (!(o instanceof Tuple t)) {
            throw new FormatException("tensor " + what + " is not a tuple: " + o);
        }
        long[] out = new long[t.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = asLong(t.get(i), "tensor " + what);
        }
        return out;
    }

    /** Python 2 pickles may carry these strings as bytes; torch decodes them as ASCII. */
    static String ascii(Object o) {
        if (o instanceof String s) {
            return s;
        }
        if (o instanceof byte[] b) {
            return new String(b, StandardCharsets.US_ASCII);
        }
        throw new FormatException("expected a string, got " + PickleReader.typeName(o));
    }
}
