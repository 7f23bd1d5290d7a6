package io.mgd.core.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A loaded MMLab config, like mmcv's {@code Config}: the resolved dict tree plus the file it came
 * from and the text of every file that went into it.
 *
 * <p>Reads {@code .py} (the literal subset MMLab configs use, never executed), {@code .yaml},
 * {@code .yml} and {@code .json}, with mmcv's {@code _base_} inheritance, {@code _delete_},
 * {@code {{_base_.a.b}}} references and predefined variables. {@link #load} adds
 * {@code --cfg-options} overrides.
 */
public final class Config {
    private static final List<String> RESERVED_KEYS = List.of("filename", "text", "pretty_text");

    private ConfigDict dict;
    private final Path filename;
    private final String text;

    private Config(ConfigDict dict, String text, Path filename) {
        for (String key : RESERVED_KEYS) {
            if (dict.containsKey(key)) {
                throw new ConfigException((filename == null ? "config" : filename.toString())
                        + ": '" + key + "' is reserved and cannot be a top-level config key");
            }
        }
        this.dict = dict;
        this.text = text;
        this.filename = filename;
    }

    /**
     * Loads a config file and its {@code _base_} files.
     *
     * @throws ConfigException for a missing or unreadable file, an unsupported format or syntax,
     *     a key shared by two bases, a dict merged over a non-dict, or an unresolvable reference
     */
    public static Config fromFile(Path file) {
        ConfigLoader.Loaded loaded = ConfigLoader.load(file);
        return new Config(loaded.dict(), loaded.text(), file);
    }

    /**
     * Wraps a dict (deep-copied and normalised to config value types). The text is the file's
     * content when {@code filenameOrNull} names a readable file, else empty.
     */
    public static Config fromDict(ConfigDict dict, Path filenameOrNull) {
        String text = "";
        if (filenameOrNull != null && Files.isRegularFile(filenameOrNull)) {
            try {
                text = Files.readString(filenameOrNull);
            } catch (IOException e) {
                throw new ConfigException(filenameOrNull + ": cannot read config file: " + e.getMessage(), e);
            }
        }
        return new Config((ConfigDict) ConfigDict.normalize(dict), text, filenameOrNull);
    }

    /**
     * What {@code tools/print_config}, train and test do: load {@code file}, then apply
     * {@code --cfg-options} pairs ({@code key=value}, parsed by {@link CfgOptions#parseOptions}).
     */
    public static Config load(Path file, List<String> cfgOptions) {
        Config cfg = fromFile(file);
        if (cfgOptions != null && !cfgOptions.isEmpty()) {
            cfg.mergeFromDict(CfgOptions.parseOptions(cfgOptions));
        }
        return cfg;
    }

    /** The resolved config tree; it is live, so edits show in later dumps. */
    public ConfigDict dict() {
        return dict;
    }

    /** The file this config was loaded from, as given, or null. */
    public Path filename() {
        return filename;
    }

    /** mmcv's {@code cfg.text}: each file's absolute path and text, bases first. */
    public String text() {
        return text;
    }

    /** The value at a dotted path ({@code model.backbone.depth}; list indices allowed). */
    public Object get(String dottedPath) {
        return dict.getPath(dottedPath);
    }

    /**
     * mmcv's {@code merge_from_dict(options, allow_list_keys=True)}: each dotted key becomes a
     * nested dict that is merged over the config; a numeric part indexes an existing list element
     * ({@code data.train.pipeline.1.type}).
     *
     * @throws ConfigException for an index past the end of a list, a dict over a non-dict, or a
     *     non-numeric key into a list
     */
    public void mergeFromDict(Map<String, ?> options) {
        ConfigDict nested = new ConfigDict();
        for (Map.Entry<String, ?> e : options.entrySet()) {
            String[] parts = e.getKey().split("\\.", -1);
            ConfigDict d = nested;
            for (int i = 0; i < parts.length - 1; i++) {
                Object sub = d.get(parts[i]);
                if (!(sub instanceof ConfigDict)) {
                    sub = new ConfigDict();
                    d.put(parts[i], sub);
                }
                d = (ConfigDict) sub;
            }
            d.put(parts[parts.length - 1], ConfigDict.normalize(e.getValue()));
        }
        dict = new ConfigMerger("--cfg-options", true).merge(nested, dict);
    }

    /**
     * The config as Python assignments ({@code model = dict(type='ResNet', ...)}), one per
     * top-level key, long values broken one item a line; it loads back to the same tree.
     *
     * @throws ConfigException when a top-level key is not a Python identifier
     */
    public String prettyText() {
        return PyFormatter.prettyText(dict);
    }

    /** The config as one JSON object, in Python's {@code json.dumps} style; tuples become lists. */
    public String toJson() {
        return ConfigFormats.toJson(dict);
    }

    /** The config as block YAML; tuples are tagged {@code !!python/tuple}, as PyYAML writes them. */
    public String toYaml() {
        return ConfigFormats.toYaml(dict);
    }

    /**
     * Writes the config in the format its suffix names ({@code .py}, {@code .json},
     * {@code .yaml}/{@code .yml}).
     */
    public void dump(Path file) {
        String out = switch (ConfigLoader.extension(file)) {
            case ".py" -> prettyText();
            case ".json" -> toJson();
            case ".yaml", ".yml" -> toYaml();
            default -> throw new ConfigException(file + ": cannot dump a config as '"
                    + ConfigLoader.extension(file) + "'; use .py, .json, .yaml or .yml");
        };
        try {
            Files.writeString(file, out);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot write config: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Config (path: " + filename + "): " + dict;
    }
}
