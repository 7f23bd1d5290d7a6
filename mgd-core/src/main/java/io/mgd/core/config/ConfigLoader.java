package io.mgd.core.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mmcv's {@code Config._file2dict}: reads one config file and, recursively, its {@code _base_}
 * files. Per file, in mmcv's order: substitute the predefined variables into the text, replace
 * each {@code {{_base_.x}}} with a quoted placeholder, parse, pop {@code _deprecation_}, load and
 * merge the bases (a key shared by two bases is an error), put the referenced base values in
 * place of the placeholders, then merge the file over its bases.
 */
final class ConfigLoader {
    static final String BASE_KEY = "_base_";
    static final String DEPRECATION_KEY = "_deprecation_";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
    private static final Pattern BASE_REF = Pattern.compile("\\{\\{\\s*" + BASE_KEY + "\\.([\\w.]+)\\s*\\}\\}");
    private static final List<String> EXTENSIONS = List.of(".py", ".json", ".yaml", ".yml");

    /** The resolved dict and mmcv's {@code cfg.text} (each file's path and text, bases first). */
    record Loaded(ConfigDict dict, String text) {}

    /** Files being loaded, innermost last, to report a {@code _base_} cycle instead of overflowing. */
    private final List<Path> chain = new ArrayList<>();

    /** Loads {@code file} and its bases. */
    static Loaded load(Path file) {
        return new ConfigLoader().file2dict(file.toAbsolutePath().normalize());
    }

    private Loaded file2dict(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file not found: " + file);
        }
        String ext = extension(file);
        if (!EXTENSIONS.contains(ext)) {
            throw new ConfigException(file + ": unsupported config file type '" + ext
                    + "'; use .py, .json, .yaml or .yml");
        }
        if (chain.contains(file)) {
            throw new ConfigException("circular _base_ inheritance: " + cycle(file));
        }
        chain.add(file);
        try {
            return resolve(file, ext);
        } finally {
            chain.remove(chain.size() - 1);
        }
    }

    private Loaded resolve(Path file, String ext) {
        String raw = read(file);
        String source = substitutePredefined(raw, file);
        Map<String, String> placeholders = new HashMap<>();
        source = preSubstituteBaseRefs(source, placeholders);
        ConfigDict dict = switch (ext) {
            case ".py" -> PyConfigParser.parseModule(source, file.toString());
            case ".json" -> ConfigFormats.readJson(source, file.toString());
            default -> ConfigFormats.readYaml(source, file.toString());
        };
        if (dict.containsKey(DEPRECATION_KEY)) {
            warnDeprecated(file, dict.remove(DEPRECATION_KEY));
        }
        String text = file + "\n" + raw;
        if (!dict.containsKey(BASE_KEY)) {
            // Only a reference that reached a value matters; one in a comment is harmless, as in mmcv.
            String used = firstPlaceholder(dict, placeholders);
            if (used != null) {
                throw new ConfigException(file + ": uses {{" + BASE_KEY + "." + used + "}} but declares no "
                        + BASE_KEY);
            }
            return new Loaded(dict, text);
        }
        List<String> baseNames = baseNames(file, dict.remove(BASE_KEY));
        ConfigDict bases = new ConfigDict();
        Map<String, Path> keyOrigin = new HashMap<>();
        List<String> texts = new ArrayList<>();
        for (String name : baseNames) {
            Path basePath = file.getParent().resolve(name).normalize();
            if (!Files.exists(basePath)) {
                throw new ConfigException(file + ": _base_ file '" + name + "' not found (looked for "
                        + basePath + ")");
            }
            Loaded base = file2dict(basePath);
            for (String key : base.dict().keySet()) {
                Path other = keyOrigin.putIfAbsent(key, basePath);
                if (other != null) {
                    throw new ConfigException(file + ": duplicate key '" + key + "' among _base_ files: "
                            + "defined in both " + other + " and " + basePath);
                }
            }
            bases.putAll(base.dict());
            texts.add(base.text());
        }
        ConfigDict child = (ConfigDict) substituteBaseRefs(dict, placeholders, bases, file);
        texts.add(text);
        return new Loaded(new ConfigMerger(file.toString(), false).merge(child, bases), String.join("\n", texts));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (CharacterCodingException e) {
            throw new ConfigException(file + ": config file is not valid UTF-8", e);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read config file: " + e.getMessage(), e);
        }
    }

    static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "" : name.substring(dot);
    }

    private String cycle(Path file) {
        StringBuilder sb = new StringBuilder();
        for (Path p : chain.subList(chain.indexOf(file), chain.size())) {
            sb.append(p).append(" -> ");
        }
        return sb.append(file).toString();
    }

    /** {@code {{ fileDirname }}} and friends, with mmcv's regex (spaces allowed, \ becomes /). */
    static String substitutePredefined(String text, Path file) {
        String base = file.getFileName().toString();
        String ext = extension(file);
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("fileDirname", file.getParent() == null ? "" : file.getParent().toString());
        vars.put("fileBasename", base);
        vars.put("fileBasenameNoExtension", base.substring(0, base.length() - ext.length()));
        vars.put("fileExtname", ext);
        for (Map.Entry<String, String> v : vars.entrySet()) {
            text = Pattern.compile("\\{\\{\\s*" + v.getKey() + "\\s*\\}\\}").matcher(text)
                    .replaceAll(Matcher.quoteReplacement(v.getValue().replace('\\', '/')));
        }
        return text;
    }

    /**
     * Replaces each {@code {{_base_.a.b}}} with a quoted, unique placeholder string, so the file
     * still parses; {@code placeholders} maps each placeholder to its dotted path.
     */
    static String preSubstituteBaseRefs(String text, Map<String, String> placeholders) {
        Map<String, String> byPath = new HashMap<>();
        String salt = UUID.randomUUID().toString().replace("-", "").substring(0, 6);
        Matcher m = BASE_REF.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String path = m.group(1);
            String token = byPath.computeIfAbsent(path, p -> {
                String t = "_" + p + "_" + salt;
                placeholders.put(t, p);
                return t;
            });
            m.appendReplacement(sb, Matcher.quoteReplacement("\"" + token + "\""));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Puts copies of the referenced base values where the placeholders are, at any depth. */
    private static Object substituteBaseRefs(Object v, Map<String, String> placeholders, ConfigDict bases, Path file) {
        if (placeholders.isEmpty()) {
            return v;
        }
        if (v instanceof String s && placeholders.containsKey(s)) {
            return ConfigDict.deepCopyValue(lookup(bases, placeholders.get(s), file));
        }
        if (v instanceof ConfigDict d) {
            ConfigDict out = new ConfigDict();
            d.forEach((k, x) -> out.put(k, substituteBaseRefs(x, placeholders, bases, file)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(substituteBaseRefs(x, placeholders, bases, file)));
            return v instanceof Tuple ? Tuple.copyOf(out) : out;
        }
        return v;
    }

    /** The dotted path of the first placeholder found among the values, or null. */
    private static String firstPlaceholder(Object v, Map<String, String> placeholders) {
        if (v instanceof String s) {
            return placeholders.get(s);
        }
        Iterable<?> children = v instanceof ConfigDict d ? d.values() : v instanceof List<?> l ? l : List.of();
        for (Object child : children) {
            String found = firstPlaceholder(child, placeholders);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** Walks dict keys only, as mmcv does (a list index is not a key). */
    private static Object lookup(ConfigDict bases, String dotted, Path file) {
        Object cur = bases;
        String walked = BASE_KEY;
        for (String part : dotted.split("\\.", -1)) {
            if (!(cur instanceof ConfigDict d) || !d.containsKey(part)) {
                String why = cur instanceof ConfigDict ? "has no key '" + part + "'"
                        : "is " + ConfigDict.describe(cur) + ", not a dict";
                throw new ConfigException(file + ": {{" + BASE_KEY + "." + dotted + "}} cannot be resolved: "
                        + walked + " " + why);
            }
            cur = d.get(part);
            walked += "." + part;
        }
        return cur;
    }

    private static List<String> baseNames(Path file, Object value) {
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof List<?> l && !(value instanceof Tuple) && l.stream().allMatch(x -> x instanceof String)) {
            return l.stream().map(String.class::cast).toList();
        }
        throw new ConfigException(file + ": " + BASE_KEY + " must be a file name or a list of file names, got "
                + ConfigDict.describe(value));
    }

    private static void warnDeprecated(Path file, Object info) {
        StringBuilder msg = new StringBuilder("The config file " + file + " will be deprecated in the future.");
        if (info instanceof ConfigDict d) {
            if (d.containsKey("expected")) {
                msg.append(" Please use ").append(d.get("expected")).append(" instead.");
            }
            if (d.containsKey("reference")) {
                msg.append(" More information can be found at ").append(d.get("reference"));
            }
        }
        LOG.warn(msg.toString());
    }
}
