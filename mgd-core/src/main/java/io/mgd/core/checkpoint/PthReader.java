package io.mgd.core.checkpoint;

import io.mgd.core.config.Tuple;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the two container formats of {@code torch.save}: the zip archive (torch 1.6 and later)
 * and the legacy stream of pickles followed by raw storages (earlier versions, or
 * {@code _use_new_zipfile_serialization=False}).
 */
final class PthReader {
    /** First pickle of a legacy file. */
    private static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final long LEGACY_PROTOCOL = 1001;

    private PthReader() {}

    static Object read(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size == 0) {
            throw new FormatException("the file is empty");
        }
        ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, 4));
        channel.read(head, 0);
        byte[] h = head.array();
        if (h.length >= 2 && h[0] == 'P' && h[1] == 'K') {
            return readZip(new ZipReader(channel));
        }
        if ((h[0] & 0xff) == PickleOpcodes.PROTO) {
            return readLegacy(channel);
        }
        throw new FormatException("not a PyTorch checkpoint (neither a zip archive nor a "
                + "pickle stream)");
    }

    private static Object readZip(ZipReader zip) throws IOException {
        List<ZipReader.Entry> entries = zip.entries();
        if (entries.isEmpty()) {
            throw new FormatException("the zip archive has no records");
        }
        // All records sit under one folder: "archive/" when saved to a file object, else the
        // file's base name; torch takes it from the first record, and so do we.
        String first = entries.get(0).name();
        int slash = first.indexOf('/');
        if (slash < 0) {
            throw new FormatException("zip record " + first + " is not inside a folder; not a "
                    + "PyTorch archive");
        }
        String prefix = first.substring(0, slash + 1);
        ZipReader.Entry pkl = zip.find(prefix + "data.pkl");
        if (pkl == null) {
            throw new FormatException(zip.find(prefix + "constants.pkl") != null
                    ? "this is a TorchScript archive (torch.jit.save), not a torch.save checkpoint"
                    : "the zip archive has no " + prefix + "data.pkl; not a PyTorch checkpoint");
        }
        boolean bigEndian = false;
        ZipReader.Entry order = zip.find(prefix + "byteorder");
        if (order != null) {
            String o = StandardCharsets.US_ASCII.decode(zip.read(order)).toString().trim();
            if (!o.equals("little") && !o.equals("big")) {
                throw new FormatException("unknown byteorder record '" + o + "'");
            }
            bigEndian = o.equals("big");
        }
        boolean swap = bigEndian;
        Map<String, TensorData> loaded = new HashMap<>();
        TorchObjects.StorageLoader loader = (dtype, key, numel, view) -> {
            TensorData s = loaded.get(key);
            if (s == null) {
                ZipReader.Entry e = zip.find(prefix + "data/" + key);
                if (e == null) {
                    throw new FormatException("storage record " + prefix + "data/" + key
                            + " is missing");
                }
                ByteBuffer bytes;
                try {
                    bytes = zip.read(e);
                } catch (IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
                s = storage(dtype, numel, bytes, swap, "record " + e.name());
                loaded.put(key, s);
            } else if (s.dtype() != dtype) {
                throw new FormatException("storage " + key + " is used as both "
                        + s.dtype().torchName() + " and " + dtype.torchName());
            }
            return s;
        };
        try {
            return new PickleReader(zip.read(pkl), new TorchObjects(loader)).load();
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static Object readLegacy(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size > Integer.MAX_VALUE) {
            throw new FormatException("legacy-format checkpoints over 2 GiB are not supported");
        }
        ByteBuffer buf = channel.map(FileChannel.MapMode.READ_ONLY, 0, size)
                .order(ByteOrder.LITTLE_ENDIAN);
        TorchObjects plain = new TorchObjects((dtype, key, numel, view) -> {
            throw new FormatException("unexpected storage in a legacy header pickle");
        });
        PickleReader header = new PickleReader(buf, plain);
        if (!LEGACY_MAGIC.equals(header.load())) {
            throw new FormatException("not a PyTorch checkpoint (a pickle without torch's "
                    + "magic number)");
        }
        Object protocol = header.load();
        if (!Long.valueOf(LEGACY_PROTOCOL).equals(protocol)) {
            throw new FormatException("unsupported legacy protocol version " + protocol);
        }
        Object sysInfo = header.load();
        boolean bigEndian = sysInfo instanceof Map<?, ?> m
                && Boolean.FALSE.equals(m.get("little_endian"));
        int objectStart = buf.position();

        // Storage bytes follow the object pickle, so a first pass only learns which storages
        // exist; the second pass builds tensors once the bytes are known.
        Map<String, TorchObjects.StorageType> declared = new HashMap<>();
        new PickleReader(buf, new TorchObjects((dtype, key, numel, view) -> {
            declared.putIfAbsent(key, new TorchObjects.StorageType(dtype));
            return null;
        })).load();
        Object keys = new PickleReader(buf, plain).load();
        if (!(keys instanceof List<?> keyList)) {
            throw new FormatException("legacy storage key list missing");
        }
        Map<String, TensorData> roots = new HashMap<>();
        buf.order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        for (Object k : keyList) {
            String key = TorchObjects.ascii(k);
            TorchObjects.StorageType type = declared.get(key);
            if (type == null) {
                throw new FormatException("legacy storage " + key + " is not used by the pickle");
            }
            if (buf.remaining() < 8) {
                throw new FormatException("legacy storage " + key + " is truncated");
            }
            long count = buf.getLong();
            long bytes = count < 0 || count > buf.remaining() ? -1
                    : count * type.dtype().elementSize();
            if (bytes < 0 || bytes > buf.remaining()) {
                throw new FormatException("legacy storage " + key + " claims " + count
                        + " elements but only " + buf.remaining() + " bytes are left (truncated)");
            }
            ByteBuffer slice = buf.slice().limit((int) bytes);
            buf.position(buf.position() + (int) bytes);
            roots.put(key, storage(type.dtype(), count, heapCopy(slice), bigEndian,
                    "legacy storage " + key));
        }
        Map<String, TensorData> views = new HashMap<>();
        buf.order(ByteOrder.LITTLE_ENDIAN).position(objectStart);
        return new PickleReader(buf, new TorchObjects((dtype, key, numel, view) -> {
            TensorData root = roots.get(key);
            if (root == null) {
                throw new FormatException("legacy storage " + key + " has no data");
            }
            return view == null ? root : legacyView(root, view, views);
        })).load();
    }

    /** Pre-1.0 files could pickle a storage view: {@code (view_key, offset, size)}. */
    private static TensorData legacyView(TensorData root, Tuple view, Map<String, TensorData> views) {
        if (view.size() != 3) {
            throw new FormatException("bad legacy storage view " + view);
        }
        String key = TorchObjects.ascii(view.get(0));
        TensorData v = views.get(key);
        if (v == null) {
            long offset = TorchObjects.asLong(view.get(1), "view offset");
            long size = TorchObjects.asLong(view.get(2), "view size");
            v = Strided.view(root, offset, new long[] {size}, new long[] {1});
            views.put(key, v);
        }
        return v;
    }

    /** A 1-D storage tensor from raw record bytes, converted to little-endian if needed. */
    private static TensorData storage(DType dtype, long numel, ByteBuffer bytes, boolean bigEndian,
            String what) {
        long expected = numel < 0 ? -1 : numel * dtype.elementSize();
        if (numel < 0 || bytes.remaining() != expected) {
            throw new FormatException(what + " has " + bytes.remaining() + " bytes, expected "
                    + numel + " " + dtype.torchName() + " elements");
        }
        int es = dtype.elementSize();
        if (bigEndian && es > 1) {
            for (int i = bytes.position(); i < bytes.limit(); i += es) {
                for (int a = i, b = i + es - 1; a < b; a++, b--) {
                    byte t = bytes.get(a);
                    bytes.put(a, bytes.get(b));
                    bytes.put(b, t);
                }
            }
        }
        return TensorData.wrap(dtype, new long[] {numel}, bytes);
    }

    /** A heap copy, so tensors do not pin the file mapping. */
    private static ByteBuffer heapCopy(ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(b.remaining());
        c.put(b.duplicate()).flip();
        return c;
    }
}
