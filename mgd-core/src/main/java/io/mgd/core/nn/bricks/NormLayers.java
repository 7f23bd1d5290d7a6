package io.mgd.core.nn.bricks;

import ai.djl.ndarray.NDManager;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.Parameter;
import io.mgd.core.nn.layers.BatchNorm2d;
import io.mgd.core.nn.layers.GroupNorm;
import java.util.Set;

/**
 * mmcv {@code build_norm_layer}: BN, BN2d and SyncBN build a {@link BatchNorm2d} named
 * {@code bn<postfix>}; GN builds a {@link GroupNorm} named {@code gn<postfix>}.
 */
public final class NormLayers {
    private static final Set<String> BN_TYPES = Set.of("BN", "BN2d", "SyncBN", "BatchNorm2d");
    private static final Set<String> KEYS = Set.of("type", "requires_grad", "eps", "momentum", "num_groups");

    private NormLayers() {}

    /** A built norm layer and the attribute name mmcv gives it. */
    public record Named(String name, Module module) {}

    /** Builds a norm layer from {@code cfg} for {@code channels}; postfix is appended to the name. */
    public static Named build(NDManager manager, ConfigDict cfg, int channels, String postfix) {
        if (cfg == null || !(cfg.get("type") instanceof String type)) {
            throw new ConfigException("norm_cfg must be a dict with a 'type', got " + cfg);
        }
        for (String k : cfg.keySet()) {
            if (!KEYS.contains(k)) {
                throw new ConfigException("norm_cfg: unexpected key '" + k + "' for " + type + "; valid keys are " + KEYS);
            }
        }
        boolean requiresGrad = !Boolean.FALSE.equals(cfg.get("requires_grad"));
        float eps = cfg.get("eps") instanceof Number n ? n.floatValue() : 1e-5f;
        Module m;
        String abbr;
        if (BN_TYPES.contains(type)) {
            float momentum = cfg.get("momentum") instanceof Number n ? n.floatValue() : 0.1f;
            m = new BatchNorm2d(manager, channels, eps, momentum);
            abbr = "bn";
        } else if ("GN".equals(type)) {
            if (!(cfg.get("num_groups") instanceof Long groups)) {
                throw new ConfigException("norm_cfg type GN needs an int 'num_groups'");
            }
            m = new GroupNorm(manager, groups.intValue(), channels, eps);
            abbr = "gn";
        } else {
            throw new ConfigException("norm_cfg: unsupported norm type '" + type + "'; supported are BN, BN2d, SyncBN, GN");
        }
        for (Parameter p : m.ownParameters().values()) {
            p.setRequiresGrad(requiresGrad);
        }
        return new Named(abbr + postfix, m);
    }
}
