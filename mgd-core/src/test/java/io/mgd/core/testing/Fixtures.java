package io.mgd.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Golden tensors written by PyTorch scripts ({@code tools/golden/make_*_fixtures.py}) for
 * comparison in JUnit tests.
 *
 * <p>Format: a bundle is two test resources next to the test class's package,
 * {@code <bundle>.json} and {@code <bundle>.bin}. The JSON holds {@code "tensors": {name:
 * {"dtype": "float32"|"int64", "shape": [..], "offset": bytes}}} and free-form case parameters
 * under {@code "meta"}; the .bin holds the raw little-endian data. A tensor is named
 * {@code "<bundle>/<tensor>"}, e.g. {@code "conv2d/plain.weight"}.
 */
public final class Fixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {}

    /**
     * Loads one tensor into {@code manager}. The array's name is set to {@code name}, so
     * {@link #assertAllClose(NDArray, NDArray, double)} can report it.
     *
     * @param testClass the test whose package directory holds the bundle
     * @param name {@code "<bundle>/<tensor>"}
     */
    public static NDArray load(NDManager manager, Class<?> testClass, String name) {
        int slash = name.lastIndexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("fixture name must be '<bundle>/<tensor>', got " + name);
        }
        String bundle = name.substring(0, slash);
        String tensor = name.substring(slash + 1);
        JsonNode entry = meta(testClass, bundle, "tensors").get(tensor);
        if (entry == null) {
            throw new IllegalArgumentException("no tensor '" + tensor + "' in fixture bundle " + bundle
                    + ".json of " + testClass.getPackageName());
        }
        long[] dims = new long[entry.get("shape").size()];
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            dims[i] = entry.get("shape").get(i).asLong();
            count *= dims[i];
        }
        String dtype = entry.get("dtype").asText();
        int width = "int64".equals(dtype) ? 8 : 4;
        ByteBuffer buf = ByteBuffer.wrap(read(testClass, bundle + ".bin")).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(entry.get("offset").asInt());
        buf.limit(buf.position() + Math.toIntExact(count * width));
        NDArray out;
        if ("int64".equals(dtype)) {
            long[] data = new long[(int) count];
            buf.slice().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(data);
            out = manager.create(data, new Shape(dims));
        } else if ("float32".equals(dtype)) {
            float[] data = new float[(int) count];
            buf.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
            out = manager.create(data, new Shape(dims));
        } else {
            throw new IllegalArgumentException("unsupported fixture dtype " + dtype + " for " + name);
        }
        out.setName(name);
        return out;
    }

    /**
     * The JSON node at {@code field} of a bundle's manifest ({@code "meta"} for the case
     * parameters the generator recorded).
     */
    public static JsonNode meta(Class<?> testClass, String bundle, String field) {
        try {
            JsonNode root = JSON.readTree(read(testClass, bundle + ".json"));
            JsonNode node = root.get(field);
            if (node == null) {
                throw new IllegalArgumentException("fixture bundle " + bundle + ".json has no '" + field + "'");
            }
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse fixture bundle " + bundle + ".json", e);
        }
    }

    /** Asserts equal shapes and max |expected - actual| ≤ atol; the message names the tensor. */
    public static void assertAllClose(NDArray expected, NDArray actual, double atol) {
        String what = expected.getName() != null ? expected.getName() : "tensor";
        assertAllClose(what, expected, actual, atol);
    }

    /** As {@link #assertAllClose(NDArray, NDArray, double)} with an explicit tensor name. */
    public static void assertAllClose(String what, NDArray expected, NDArray actual, double atol) {
        if (actual == null) {
            fail(what + ": actual is null (no gradient recorded?)");
        }
        assertEquals(expected.getShape(), actual.getShape(), what + ": shape");
        float[] e = expected.toType(DataType.FLOAT32, false).toFloatArray();
        float[] a = actual.toType(DataType.FLOAT32, false).toFloatArray();
        double max = 0;
        int at = 0;
        for (int i = 0; i < e.length; i++) {
            boolean bothNaN = Float.isNaN(e[i]) && Float.isNaN(a[i]);
            double d = bothNaN ? 0 : Math.abs((double) e[i] - a[i]);
            if (Double.isNaN(d)) {
                d = Double.POSITIVE_INFINITY; // NaN on one side only
            }
            if (d > max) {
                max = d;
                at = i;
            }
        }
        if (max > atol) {
            fail(String.format("%s: max abs error %.3g > %.1g at flat index %d (expected %s, actual %s)",
                    what, max, atol, at, e[at], a[at]));
        }
    }

    private static byte[] read(Class<?> testClass, String file) {
        try (InputStream in = testClass.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalArgumentException("fixture resource " + file + " not found next to "
                        + testClass.getName());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + file, e);
        }
    }

    /**
     * Loads a tensor in the per-directory format ({@code <dir>/manifest.json} maps base names to
     * {@code {"shape", "dtype"}}, {@code <dir>/<name>.bin} holds float32 data), e.g. {@code mgd/channel_align/student}) relative to {@code
     * testClass}'s package into {@code manager}.
     */
    public static NDArray loadRaw(NDManager manager, Class<?> testClass, String name) {
        int slash = name.lastIndexOf('/');
        String dir = slash < 0 ? "" : name.substring(0, slash + 1);
        String base = name.substring(slash + 1);
        JsonNode entry = json(testClass, dir + "manifest.json").get(base);
        if (entry == null) {
            throw new IllegalArgumentException("fixture " + name + " is not in " + dir + "manifest.json");
        }
        if (!"float32".equals(entry.path("dtype").asText("float32"))) {
            throw new IllegalArgumentException("fixture " + name + ": only float32 is supported");
        }
        long[] dims = new long[entry.get("shape").size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = entry.get("shape").get(i).asLong();
        }
        byte[] bytes = bytes(testClass, name + ".bin");
        Shape shape = new Shape(dims);
        if (bytes.length != shape.size() * 4) {
            throw new IllegalArgumentException("fixture " + name + ": " + bytes.length + " bytes for shape " + shape);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] data = new float[(int) shape.size()];
        buf.asFloatBuffer().get(data);
        return manager.create(data, shape);
    }

    /** Parses a JSON resource relative to {@code testClass}'s package. */
    public static JsonNode json(Class<?> testClass, String resource) {
        try {
            return JSON.readTree(bytes(testClass, resource));
        } catch (IOException e) {
            throw new UncheckedIOException("bad JSON fixture " + resource, e);
        }
    }

    private static byte[] bytes(Class<?> testClass, String resource) {
        try (InputStream in = testClass.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + resource + " next to "
                        + testClass.getName() + " (run the generator under tools/golden/)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As {@link #assertAllClose(NDArray, NDArray, double)} with a label for the failure message. */
    public static void assertAllClose(NDArray expected, NDArray actual, double atol, String label) {
        assertEquals(expected.getShape(), actual.getShape(), label + " shape");
        float[] e = expected.toType(DataType.FLOAT32, false).toFloatArray();
        float[] a = actual.toType(DataType.FLOAT32, false).toFloatArray();
        double worst = 0;
        int at = -1;
        for (int i = 0; i < e.length; i++) {
            double d = Math.abs((double) e[i] - a[i]);
            if (!(d <= worst)) {
                worst = d;
                at = i;
            }
        }
        if (!(worst <= atol)) {
            fail(label + " max abs error " + worst + " > " + atol + " at flat index " + at + " (expected "
                    + e[at] + ", got " + a[at] + ")");
        }
    }

    /** {@link #assertAllClose} with {@code atol = rtol · max|expected|} (relative to scale). */
    public static void assertAllCloseRelative(NDArray expected, NDArray actual, double rtol, String label) {
        double scale = expected.abs().max().toType(DataType.FLOAT64, false).getDouble();
        assertAllClose(expected, actual, rtol * Math.max(scale, Float.MIN_NORMAL), label);
    }

    /**
     * Every tensor of a bundle in the list format ({@code <bundle>.json} holds {@code "bin"} and
     * {@code "tensors": [{name, dtype, shape, offset}, ...]}), in file order.
     */
    public static java.util.Map<String, NDArray> loadAll(NDManager manager, Class<?> testClass, String bundle) {
        JsonNode manifest = json(testClass, bundle + ".json");
        byte[] blob = bytes(testClass, manifest.get("bin").asText());
        java.util.Map<String, NDArray> out = new java.util.LinkedHashMap<>();
        for (JsonNode t : manifest.get("tensors")) {
            long[] dims = new long[t.get("shape").size()];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = t.get("shape").get(i).asLong();
            }
            Shape shape = new Shape(dims);
            ByteBuffer buf = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
            buf.position(t.get("offset").asInt());
            int n = (int) shape.size();
            NDArray arr;
            if ("int64".equals(t.get("dtype").asText())) {
                long[] v = new long[n];
                buf.slice().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(v);
                arr = manager.create(v, shape);
            } else {
                float[] v = new float[n];
                buf.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
                arr = manager.create(v, shape);
            }
            out.put(t.get("name").asText(), arr);
        }
        return out;
    }

    /** Max |expected - actual| over all elements (same shape required). */
    public static double maxAbsDiff(NDArray expected, NDArray actual) {
        assertEquals(expected.getShape(), actual.getShape(), "shape");
        return expected.toType(DataType.FLOAT64, false).sub(actual.toType(DataType.FLOAT64, false))
                .abs().max().getDouble();
    }
}
