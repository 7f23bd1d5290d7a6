package io.mgd.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads and writes the YAML and JSON config formats. Tuples travel through YAML as
 * {@code !!python/tuple} sequences, the tag PyYAML (and so mmcv's dump/load) uses, and through
 * JSON as lists, as Python's json module writes them.
 */
final class ConfigFormats {
    /** PyYAML's tag for a Python tuple. */
    static final Tag TUPLE_TAG = new Tag("tag:yaml.org,2002:python/tuple");

    private ConfigFormats() {}

    /** Parses YAML text; an empty document is an empty dict. */
    static ConfigDict readYaml(String text, String file) {
        LoaderOptions options = new LoaderOptions();
        // SnakeYAML refuses global tags unless allowed; the tuple tag is the only one we construct.
        options.setTagInspector(TUPLE_TAG::equals);
        Object raw;
        try {
            raw = new Yaml(new TupleConstructor(options)).load(text);
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark();
            String where = m == null ? file : file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
            throw new ConfigException(where + ": invalid YAML: " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new ConfigException(file + ": invalid YAML: " + e.getMessage(), e);
        }
        return topLevel(raw == null ? Map.of() : raw, file);
    }

    /** Parses JSON text (NaN and Infinity allowed, as Python's json module allows them). */
    static ConfigDict readJson(String text, String file) {
        JsonMapper mapper = JsonMapper.builder()
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? file : file + ":" + loc.getLineNr() + ":" + loc.getColumnNr();
            throw new ConfigException(where + ": invalid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new ConfigException(file + ": invalid JSON: the file is empty");
        }
        return topLevel(fromJson(root, file), file);
    }

    private static ConfigDict topLevel(Object raw, String file) {
        if (!(raw instanceof Map)) {
            throw new ConfigException(file + ": the top level of a config must be a mapping, got "
                    + PyOps.typeName(raw));
        }
        try {
            return (ConfigDict) ConfigDict.normalize(raw);
        } catch (ConfigException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
    }

    private static Object fromJson(JsonNode n, String file) {
        if (n.isObject()) {
            ConfigDict d = new ConfigDict();
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                d.put(e.getKey(), fromJson(e.getValue(), file));
            }
            return d;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(x -> l.add(fromJson(x, file)));
            return l;
        }
        if (n.isIntegralNumber()) {
            if (!n.canConvertToLong()) {
                throw new ConfigException(file + ": integer " + n.asText() + " does not fit in 64 bits");
            }
            return n.longValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isNull()) {
            return null;
        }
        return n.asText();
    }

    /** Python's {@code json.dumps(obj)}: one line, {@code ", "} and {@code ": "} separators, ASCII. */
    static String toJson(Object v) {
        StringBuilder sb = new StringBuilder();
        writeJson(sb, v);
        return sb.toString();
    }

    private static void writeJson(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (v instanceof Double d) {
            sb.append(d.isNaN() ? "NaN" : d.isInfinite() ? (d > 0 ? "Infinity" : "-Infinity")
                    : PyFormatter.floatRepr(d));
        } else if (v instanceof Number n) {
            sb.append(n.longValue());
        } else if (v instanceof String s) {
            jsonString(sb, s);
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            String sep = "";
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(sep);
                jsonString(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                writeJson(sb, e.getValue());
                sep = ", ";
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                sb.append(i > 0 ? ", " : "");
                writeJson(sb, l.get(i));
            }
            sb.append(']');
        } else {
            throw new ConfigException("cannot write a " + v.getClass().getName() + " as JSON");
        }
    }

    private static void jsonString(StringBuilder sb, String s) {
        io.mgd.core.util.PyText.appendJsonString(sb, s);
    }

    /** Block-style YAML in key order; floats written so PyYAML also reads them as floats. */
    static String toYaml(ConfigDict dict) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setAllowUnicode(true);
        return new Yaml(new TupleRepresenter(options), options).dump(dict);
    }

    /** PyYAML's float spelling: {@code 1.0e-05}, {@code .inf}, {@code .nan}. */
    static String yamlFloat(double d) {
        if (Double.isNaN(d)) {
            return ".nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? ".inf" : "-.inf";
        }
        String r = PyFormatter.floatRepr(d).toLowerCase();
        // YAML 1.1 floats need a dot: PyYAML would read 1e-05 back as a string.
        return r.contains(".") || !r.contains("e") ? r : r.replace("e", ".0e");
    }

    /** Flow style ({@code [1, 2]}) for short lists of scalars, block style otherwise. */
    private static DumperOptions.FlowStyle style(List<?> items) {
        boolean scalars = items.stream().allMatch(x -> !(x instanceof Map) && !(x instanceof List));
        return scalars && !items.isEmpty() && items.toString().length() <= 60
                ? DumperOptions.FlowStyle.FLOW : DumperOptions.FlowStyle.BLOCK;
    }

    /** SafeConstructor plus PyYAML's {@code !!python/tuple}. */
    private static final class TupleConstructor extends SafeConstructor {
        TupleConstructor(LoaderOptions options) {
            super(options);
            yamlConstructors.put(TUPLE_TAG, new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    if (!(node instanceof SequenceNode seq)) {
                        throw new YAMLException("!!python/tuple must tag a sequence");
                    }
                    return Tuple.copyOf(constructSequence(seq));
                }
            });
        }
    }

    /** Writes tuples as {@code !!python/tuple} and floats in PyYAML's spelling. */
    private static final class TupleRepresenter extends Representer {
        TupleRepresenter(DumperOptions options) {
            super(options);
            representers.put(Tuple.class, data -> representSequence(TUPLE_TAG, (Tuple) data, style((Tuple) data)));
            multiRepresenters.put(List.class, data -> representSequence(Tag.SEQ, (List<?>) data, style((List<?>) data)));
            representers.put(Double.class, data -> representScalar(Tag.FLOAT, yamlFloat((Double) data)));
            representers.put(ConfigDict.class, data -> representMapping(Tag.MAP, (ConfigDict) data,
                    options.getDefaultFlowStyle()));
        }
    }
}
