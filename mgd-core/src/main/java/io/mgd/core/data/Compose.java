package io.mgd.core.data;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Names;
import io.mgd.core.registry.Registries;
import io.mgd.core.registry.Registry;
import io.mgd.core.registry.RegistryKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * A pipeline: transforms applied in order, like mmcv's {@code Compose}; a step returning
 * {@code null} drops the sample and the pipeline returns {@code null}.
 *
 * <p>Transforms are built from cfg dicts by type name. MMLab codebases each have their own
 * PIPELINES registry in which the same name ({@code Resize}, {@code RandomFlip}) means
 * different arguments, so a task passes its own registry first and the shared
 * {@link Registries#TRANSFORMS} (LoadImageFromFile, Normalize, ImageToTensor, ToTensor,
 * Collect) last: the first registry that knows a type builds it.
 */
public final class Compose implements Transform {
    private final List<Transform> transforms;

    /** A pipeline of already-built transforms. */
    public Compose(List<Transform> transforms) {
        this.transforms = List.copyOf(transforms);
    }

    /**
     * Builds a pipeline from cfg dicts (or {@link Transform} objects) looked up in
     * {@code scopes} in order; with no scopes, only {@link Registries#TRANSFORMS}.
     */
    @SafeVarargs
    public static Compose build(List<?> cfgs, BuildContext ctx, RegistryKey<Object>... scopes) {
        List<RegistryKey<Object>> keys = scopes.length == 0 ? List.of(Registries.TRANSFORMS) : List.of(scopes);
        List<Transform> out = new ArrayList<>();
        if (cfgs == null) {
            return new Compose(out);
        }
        for (Object t : cfgs) {
            if (t instanceof Transform tr) {
                out.add(tr);
            } else if (t instanceof ConfigDict cfg) {
                out.add(buildOne(cfg, ctx, keys));
            } else if (t instanceof Map<?, ?> m) {
                out.add(buildOne((ConfigDict) ConfigDict.normalize(m), ctx, keys));
            } else {
                throw new ConfigException("pipeline: transform must be a dict with 'type', got "
                        + ConfigDict.describe(t));
            }
        }
        return new Compose(out);
    }

    private static Transform buildOne(ConfigDict cfg, BuildContext ctx, List<RegistryKey<Object>> keys) {
        Object type = cfg.get("type");
        if (!(type instanceof String name)) {
            throw new ConfigException("pipeline: transform config must have a string 'type', got " + cfg);
        }
        TreeSet<String> known = new TreeSet<>();
        for (RegistryKey<Object> key : keys) {
            Registry<Object> reg = ctx.registries().get(key);
            if (reg.contains(name)) {
                Object built = reg.build(cfg, ctx);
                if (!(built instanceof Transform tr)) {
                    throw new ConfigException("pipeline: '" + name + "' in the " + key.name()
                            + " registry is not a transform");
                }
                return tr;
            }
            known.addAll(reg.types());
        }
        String hint = Names.closest(name, known);
        throw new ConfigException("pipeline: '" + name + "' is not in the "
                + String.join(" or ", keys.stream().map(RegistryKey::name).toList()) + " registry"
                + (hint == null ? "" : " (did you mean '" + hint + "'?)") + "; registered transforms are " + known);
    }

    /** The transforms, in order. */
    public List<Transform> transforms() {
        return transforms;
    }

    @Override
    public Map<String, Object> apply(Map<String, Object> results, RandomGenerator rng) {
        Map<String, Object> data = results;
        for (Transform t : transforms) {
            data = t.apply(data, rng);
            if (data == null) {
                return null;
            }
        }
        return data;
    }
}
