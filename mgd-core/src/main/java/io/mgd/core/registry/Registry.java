package io.mgd.core.registry;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Type name → component factory for one kind of component, like mmcv's {@code Registry}.
 * {@link #build} copies the cfg, fills defaults, pops {@code type}, binds the rest to the
 * component's options record and calls its factory.
 */
public final class Registry<T> {
    private final RegistryKey<T> key;
    private final Map<String, Registration> entries = new LinkedHashMap<>();

    Registry(RegistryKey<T> key) {
        this.key = key;
    }

    public String name() {
        return key.name();
    }

    void add(Registration r) {
        Registration old = entries.putIfAbsent(r.type(), r);
        if (old != null && old.factory() != r.factory()) {
            throw new IllegalStateException(r.type() + " is already registered in " + key.name());
        }
    }

    /** Registered type names. */
    public Set<String> types() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    public boolean contains(String type) {
        return entries.containsKey(type);
    }

    /** The options record type of a registered component. */
    public Class<? extends Record> optionsType(String type) {
        return lookup(type).optionsType();
    }

    /** Builds a component from {@code cfg}, which must hold {@code type}. */
    public T build(ConfigDict cfg, BuildContext ctx) {
        return build(cfg, ctx, null);
    }

    /** Builds a component; absent keys are taken from {@code defaults} (mmcv default_args). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public T build(ConfigDict cfg, BuildContext ctx, ConfigDict defaults) {
        if (cfg == null) {
            throw new ConfigException(key.name() + ": config is None, expected a dict with 'type'");
        }
        ConfigDict args = cfg.deepCopy();
        if (defaults != null) {
            defaults.forEach((k, v) -> args.putIfAbsent(k, ConfigDict.deepCopyValue(v)));
        }
        Object type = args.remove("type");
        if (!(type instanceof String typeName)) {
            throw new ConfigException(key.name() + ": config must have a string 'type', got "
                    + (type == null ? "no 'type' key" : ConfigDict.describe(type)) + " in " + cfg);
        }
        Registration r = lookup(typeName);
        Record options = ArgBinder.bind(r.optionsType(), args, key.name() + "." + typeName);
        Object built = ((ComponentFactory) r.factory()).create(options, ctx);
        return key.type().cast(built);
    }

    private Registration lookup(String type) {
        Registration r = entries.get(type);
        if (r == null) {
            String hint = Names.closest(type, entries.keySet());
            throw new ConfigException("'" + type + "' is not in the " + key.name() + " registry"
                    + (hint == null ? "" : " (did you mean '" + hint + "'?)")
                    + "; registered types are " + new TreeSet<>(entries.keySet()));
        }
        return r;
    }
}
