package io.mgd.core.nn.init;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.Parameter;
import io.mgd.core.nn.layers.BatchNorm2d;
import io.mgd.core.nn.layers.Conv2d;
import io.mgd.core.nn.layers.GroupNorm;
import io.mgd.core.nn.layers.Linear;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * mmcv {@code initialize(module, init_cfg)} (mmcv 1.3.17 {@code cnn/utils/weight_init.py}): an
 * init_cfg is a dict or a list of dicts with {@code type} Kaiming, Constant, Normal, Xavier,
 * Uniform or Pretrained, a {@code layer} (class names, {@code _BatchNorm} matching every BN) and an
 * optional {@code override} naming direct children that get their own (or the same) init.
 *
 * <p>{@code Pretrained} entries are not applied here: loading a checkpoint is the job of the
 * checkpoint package; {@link #pretrainedCheckpoint(Object)} exposes the path for it.
 */
public final class InitCfg {
    private static final Set<String> TYPES = Set.of("Kaiming", "Constant", "Normal", "Xavier", "Uniform",
            "Pretrained");

    private InitCfg() {}

    /** The checkpoint of a {@code type='Pretrained'} init_cfg dict, or null for anything else. */
    public static String pretrainedCheckpoint(Object initCfg) {
        if (initCfg instanceof ConfigDict d && "Pretrained".equals(d.get("type"))) {
            return d.get("checkpoint") instanceof String s ? s : null;
        }
        return null;
    }

    /** Whether the init_cfg is a single dict of type Pretrained (mmcv stops child init then). */
    public static boolean isPretrained(Object initCfg) {
        return initCfg instanceof ConfigDict d && "Pretrained".equals(d.get("type"));
    }

    /**
     * Applies {@code initCfg} (null, a dict or a list of dicts) to {@code root}'s tree.
     *
     * @param owner the component name used in error messages
     */
    public static void apply(Module root, Object initCfg, String owner) {
        for (ConfigDict cfg : entries(initCfg, owner)) {
            ConfigDict args = cfg.deepCopy();
            Object override = args.remove("override");
            Object layer = args.remove("layer");
            List<String> layers = names(layer, owner);
            if (!layers.isEmpty()) {
                for (Module m : root.namedModules().values()) {
                    if (matches(m, layers)) {
                        initOne(m, args, owner);
                    }
                }
            }
            if (override != null) {
                for (ConfigDict o : entries(override, owner)) {
                    ConfigDict oargs = o.deepCopy();
                    Object name = oargs.remove("name");
                    if (!(name instanceof String childName)) {
                        throw new ConfigException(owner + ": init_cfg override must have a 'name', got " + o);
                    }
                    if (oargs.isEmpty()) {
                        oargs = args.deepCopy();
                    } else if (!oargs.containsKey("type")) {
                        throw new ConfigException(owner + ": init_cfg override " + o
                                + " has arguments but no 'type'");
                    }
                    Module child = root.child(childName);
                    if (child == null) {
                        throw new ConfigException(owner + ": init_cfg override names '" + childName
                                + "', which is not a child; children are " + root.children().keySet());
                    }
                    // mmcv applies an override to every module of the named subtree ("wholemodule").
                    for (Module m : child.namedModules().values()) {
                        initOne(m, oargs, owner);
                    }
                }
            }
        }
    }

    private static List<ConfigDict> entries(Object cfg, String owner) {
        List<ConfigDict> out = new ArrayList<>();
        if (cfg == null) {
            return out;
        }
        if (cfg instanceof ConfigDict d) {
            out.add(d);
        } else if (cfg instanceof List<?> l) {
            for (Object o : l) {
                if (!(o instanceof ConfigDict d)) {
                    throw new ConfigException(owner + ": init_cfg entries must be dicts, got " + ConfigDict.describe(o));
                }
                out.add(d);
            }
        } else {
            throw new ConfigException(owner + ": init_cfg must be a dict or a list of dicts, got "
                    + ConfigDict.describe(cfg));
        }
        for (ConfigDict d : out) {
            if (!(d.get("type") instanceof String t) || !TYPES.contains(t)) {
                throw new ConfigException(owner + ": init_cfg type must be one of " + TYPES + ", got " + d);
            }
        }
        return out;
    }

    private static List<String> names(Object layer, String owner) {
        if (layer == null) {
            return List.of();
        }
        if (layer instanceof String s) {
            return List.of(s);
        }
        if (layer instanceof List<?> l) {
            List<String> out = new ArrayList<>();
            for (Object o : l) {
                out.add(String.valueOf(o));
            }
            return out;
        }
        throw new ConfigException(owner + ": init_cfg 'layer' must be a name or a list, got " + ConfigDict.describe(layer));
    }

    /** Class-name matching as mmcv: the class or any base, so {@code _BatchNorm} matches BN layers. */
    private static boolean matches(Module m, List<String> layers) {
        for (String l : layers) {
            boolean hit = switch (l) {
                case "Conv2d", "_ConvNd" -> m instanceof Conv2d;
                case "Linear" -> m instanceof Linear;
                case "_BatchNorm", "BatchNorm2d", "_NormBase", "SyncBatchNorm" -> m instanceof BatchNorm2d;
                case "GroupNorm" -> m instanceof GroupNorm;
                default -> m.getClass().getSimpleName().equals(l);
            };
            if (hit) {
                return true;
            }
        }
        return false;
    }

    private static void initOne(Module m, ConfigDict args, String owner) {
        Parameter w = m.ownParameters().get("weight");
        Parameter b = m.ownParameters().get("bias");
        String type = (String) args.get("type");
        if ("Pretrained".equals(type)) {
            return;
        }
        double bias = num(args, "bias", 0);
        if (args.get("bias_prob") instanceof Number p) {
            bias = Init.biasWithProb(p.doubleValue());
        }
        if (w != null) {
            switch (type) {
                case "Kaiming" -> Init.kaiming(w, num(args, "a", 0), str(args, "mode", "fan_out"),
                        str(args, "nonlinearity", "relu"), str(args, "distribution", "normal"));
                case "Constant" -> {
                    if (!(args.get("val") instanceof Number)) {
                        throw new ConfigException(owner + ": init_cfg Constant needs a number 'val', got " + args);
                    }
                    Init.constant(w, num(args, "val", 0));
                }
                case "Normal" -> Init.normal(w, num(args, "mean", 0), num(args, "std", 1));
                case "Xavier" -> Init.xavier(w, num(args, "gain", 1), str(args, "distribution", "normal"));
                case "Uniform" -> Init.uniform(w, num(args, "a", 0), num(args, "b", 1));
                default -> throw new IllegalStateException(type);
            }
        }
        if (b != null) {
            Init.constant(b, bias);
        }
    }

    private static double num(ConfigDict d, String k, double def) {
        return d.get(k) instanceof Number n ? n.doubleValue() : def;
    }

    private static String str(ConfigDict d, String k, String def) {
        return d.get(k) instanceof String s ? s : def;
    }
}
