package io.mgd.core.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgd.core.config.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Java side of {@code tools/golden/typed_json.py}: decodes typed JSON into the Java values
 * of this package and compares loaded values against it, exactly (floats bit for bit, tensors
 * byte for byte).
 */
final class TypedJson {
    private TypedJson() {}

    static JsonNode resource(String name) {
        try (InputStream in = TypedJson.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Java value a typed-JSON tree describes. */
    static Object decode(JsonNode j) {
        String t = j.get("t").asText();
        switch (t) {
            case "none": return null;
            case "bool": return j.get("v").asBoolean();
            case "int": return PickleReader.normalize(new BigInteger(j.get("v").asText()));
            case "float": return parseFloat(j.get("v").asText());
            case "str": return j.get("v").asText();
            case "bytes": return HexFormat.of().parseHex(j.get("hex").asText());
            case "tensor": return TensorData.of(DType.valueOf(j.get("dtype").asText()
                    .toUpperCase()), shape(j), HexFormat.of().parseHex(j.get("hex").asText()));
            case "list": return new ArrayList<>(items(j));
            case "tuple": return Tuple.copyOf(items(j));
            case "set": return new LinkedHashSet<>(items(j));
            case "dict": {
                Map<Object, Object> d = new LinkedHashMap<>();
                j.get("items").forEach(kv -> d.put(decode(kv.get(0)), decode(kv.get(1))));
                return d;
            }
            case "odict": {
                PyOrderedDict d = new PyOrderedDict();
                j.get("items").forEach(kv -> d.put(decode(kv.get(0)), decode(kv.get(1))));
                j.path("attrs").fields().forEachRemaining(
                        e -> d.attributes().put(e.getKey(), decode(e.getValue())));
                return d;
            }
            default: throw new IllegalArgumentException("cannot decode typed JSON " + t);
        }
    }

    /** Differences between the expected tree and an actual value; empty when they match. */
    static List<String> diff(JsonNode exp, Object act) {
        List<String> out = new ArrayList<>();
        diff(exp, act, "$", out);
        return out;
    }

    private static void diff(JsonNode exp, Object act, String path, List<String> out) {
        String t = exp.get("t").asText();
        String got = act == null ? "None" : act.getClass().getSimpleName();
        switch (t) {
            case "none" -> check(act == null, path, "None", got, out);
            case "bool" -> check(Boolean.valueOf(exp.get("v").asBoolean()).equals(act), path,
                    exp.get("v").asText(), String.valueOf(act), out);
            case "int" -> check((act instanceof Long || act instanceof BigInteger)
                    && new BigInteger(exp.get("v").asText()).equals(new BigInteger(act.toString()))
                    && (act instanceof Long || ((BigInteger) act).bitLength() >= 64),
                    path, "int " + exp.get("v").asText(), got + " " + act, out);
            case "float" -> {
                double e = parseFloat(exp.get("v").asText());
                check(act instanceof Double d && (Double.isNaN(e) ? d.isNaN()
                        : Double.doubleToRawLongBits(e) == Double.doubleToRawLongBits(d)),
                        path, "float " + e, got + " " + act, out);
            }
            case "str" -> check(exp.get("v").asText().equals(act), path, exp.get("v").toString(),
                    String.valueOf(act), out);
            case "bytes" -> check(act instanceof byte[] b && Arrays.equals(b,
                    HexFormat.of().parseHex(exp.get("hex").asText())), path, "bytes", got, out);
            case "tensor" -> {
                if (!(act instanceof TensorData td)) {
                    out.add(path + ": expected a tensor, got " + got);
                    return;
                }
                check(td.dtype().torchName().equals(exp.get("dtype").asText()), path + ".dtype",
                        exp.get("dtype").asText(), td.dtype().torchName(), out);
                check(Arrays.equals(td.shape(), shape(exp)), path + ".shape",
                        Arrays.toString(shape(exp)), Arrays.toString(td.shape()), out);
                check(HexFormat.of().formatHex(td.toByteArray()).equals(exp.get("hex").asText()),
                        path + ".data", exp.get("hex").asText(),
                        HexFormat.of().formatHex(td.toByteArray()), out);
            }
            case "list", "tuple" -> {
                boolean isTuple = act instanceof Tuple;
                if (!(act instanceof List<?> l) || isTuple != t.equals("tuple")) {
                    out.add(path + ": expected a " + t + ", got " + got);
                    return;
                }
                JsonNode items = exp.get("items");
                check(items.size() == l.size(), path + ".size", "" + items.size(), "" + l.size(),
                        out);
                for (int i = 0; i < Math.min(items.size(), l.size()); i++) {
                    diff(items.get(i), l.get(i), path + "[" + i + "]", out);
                }
            }
            case "set" -> {
                if (!(act instanceof Set<?> s)) {
                    out.add(path + ": expected a set, got " + got);
                    return;
                }
                check(s.equals(new LinkedHashSet<>(items(exp))), path, "set " + items(exp),
                        String.valueOf(s), out);
            }
            case "dict", "odict" -> diffDict(exp, act, path, out, t.equals("odict"));
            case "object" -> check(act instanceof PyObject p && p.type().toString().equals(
                    exp.get("callable").asText()), path, "object " + exp.get("callable"),
                    String.valueOf(act), out);
            default -> out.add(path + ": unknown typed JSON tag " + t);
        }
    }

    private static void diffDict(JsonNode exp, Object act, String path, List<String> out,
            boolean ordered) {
        if (!(act instanceof Map<?, ?> m) || (act instanceof PyOrderedDict) != ordered) {
            out.add(path + ": expected " + (ordered ? "an OrderedDict" : "a dict") + ", got "
                    + (act == null ? "None" : act.getClass().getSimpleName()));
            return;
        }
        JsonNode items = exp.get("items");
        check(items.size() == m.size(), path + ".size", "" + items.size(), "" + m.size(), out);
        List<Object> keys = new ArrayList<>(m.keySet());
        for (int i = 0; i < Math.min(items.size(), keys.size()); i++) {
            JsonNode kv = items.get(i);
            Object key = keys.get(i); // insertion order must match as well
            diff(kv.get(0), key, path + ".key[" + i + "]", out);
            diff(kv.get(1), m.get(key), path + "[" + key + "]", out);
        }
        if (ordered) {
            Map<String, Object> attrs = ((PyOrderedDict) act).attributes();
            JsonNode ea = exp.path("attrs");
            check(ea.size() == attrs.size(), path + ".attrs", ea.toString(), attrs.toString(), out);
            ea.fields().forEachRemaining(
                    e -> diff(e.getValue(), attrs.get(e.getKey()), path + "." + e.getKey(), out));
        }
    }

    private static void check(boolean ok, String path, String expected, String actual,
            List<String> out) {
        if (!ok) {
            out.add(path + ": expected " + expected + ", got " + actual);
        }
    }

    private static List<Object> items(JsonNode j) {
        List<Object> items = new ArrayList<>();
        j.get("items").forEach(x -> items.add(decode(x)));
        return items;
    }

    private static long[] shape(JsonNode j) {
        long[] s = new long[j.get("shape").size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = j.get("shape").get(i).asLong();
        }
        return s;
    }

    private static double parseFloat(String repr) {
        switch (repr) {
            case "inf": return Double.POSITIVE_INFINITY;
            case "-inf": return Double.NEGATIVE_INFINITY;
            case "nan": return Double.NaN;
            default: return Double.parseDouble(repr);
        }
    }
}
