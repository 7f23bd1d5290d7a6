package io.mgd.core.nn.init;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.Parameter;
import io.mgd.core.util.MgdException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies an mmcv 1.x {@code init_cfg} ({@code mmcv.cnn.utils.weight_init.initialize}) to a
 * module tree.
 *
 * <p>Types: {@code Kaiming} (a, mode, nonlinearity, distribution), {@code Xavier} (gain,
 * distribution), {@code Normal} (mean, std), {@code TruncNormal} (mean, std, a, b),
 * {@code Uniform} (a, b), {@code Constant} (val), {@code Caffe2Xavier}, all with {@code bias},
 * {@code bias_prob} and {@code layer}; and {@code Pretrained} (checkpoint, prefix). As in mmcv:
 * <ul>
 *   <li>{@code layer} (a name or a list) selects every module of the tree whose class name or
 *       direct base-class name ({@link Module#torchTypeNames()}) is listed, e.g.
 *       {@code Conv2d}, {@code _ConvNd}, {@code _BatchNorm}, {@code GroupNorm}, {@code Linear};
 *       without {@code layer} only overrides act;</li>
 *   <li>the selected modules' own {@code weight} gets the distribution and their own
 *       {@code bias} the constant {@code bias} (or {@code bias_init_with_prob(bias_prob)});</li>
 *   <li>{@code override=dict(name=<child attribute>, ...)} (or a list) then initialises every
 *       module under that direct child, whatever its type; an override with only {@code name}
 *       reuses the outer cfg's arguments, otherwise it needs its own {@code type}.</li>
 * </ul>
 * Modules are visited children first, as {@code nn.Module.apply}. Random draws use the
 * engine's seeded generator.
 */
public final class InitCfg {
    private static final Set<String> COMMON = Set.of("type", "layer", "bias", "bias_prob", "override");
    private static final Map<String, Set<String>> ARGS = Map.of(
            "Kaiming", Set.of("a", "mode", "nonlinearity", "distribution"),
            "Xavier", Set.of("gain", "distribution"),
            "Normal", Set.of("mean", "std"),
            "TruncNormal", Set.of("mean", "std", "a", "b"),
            "Uniform", Set.of("a", "b"),
            "Constant", Set.of("val"),
            "Caffe2Xavier", Set.of(),
            "Pretrained", Set.of("checkpoint", "prefix", "map_location"));

    private InitCfg() {}

    /** The checkpoint of a {@code type='Pretrained'} init_cfg dict, or null for anything else. */
    public static String pretrainedCheckpoint(Object initCfg) {
        if (initCfg instanceof ConfigDict d && "Pretrained".equals(d.get("type"))) {
            return d.get("checkpoint") instanceof String s ? s : null;
        }
        return null;
    }

    /** The {@code prefix} of a {@code type='Pretrained'} init_cfg dict, or null. */
    public static String pretrainedPrefix(Object initCfg) {
        if (initCfg instanceof ConfigDict d && "Pretrained".equals(d.get("type"))) {
            return d.get("prefix") instanceof String s ? s : null;
        }
        return null;
    }

    /** Whether the init_cfg is a single dict of type Pretrained (mmcv stops child init then). */
    public static boolean isPretrained(Object initCfg) {
        return initCfg instanceof ConfigDict d && "Pretrained".equals(d.get("type"));
    }

    /**
     * Applies the weight-initialising entries of {@code initCfg} and skips {@code Pretrained}
     * ones, which the model's builder loads afterwards through the checkpoint loader. Errors are
     * prefixed with {@code owner} (e.g. {@code backbones.ResNet}).
     */
    public static void apply(Module root, Object initCfg, String owner) {
        Object filtered = initCfg;
        if (initCfg instanceof List<?> list) {
            filtered = list.stream().filter(e -> !isPretrained(e)).toList();
        } else if (isPretrained(initCfg)) {
            return;
        }
        try {
            apply(root, filtered);
        } catch (ConfigException e) {
            throw new ConfigException(owner + ": " + e.getMessage(), e);
        }
    }

    /** Applies {@code initCfg} (a ConfigDict or a List of them); {@code Pretrained} is an error. */
    public static void apply(Module root, Object initCfg) {
        apply(root, initCfg, (PretrainedLoader) null);
    }

    /**
     * Applies {@code initCfg} (a ConfigDict or a List of them) in order.
     *
     * @param loader loads checkpoints for {@code Pretrained}; may be null when none is used
     */
    public static void apply(Module root, Object initCfg, PretrainedLoader loader) {
        for (ConfigDict cfg : dicts(initCfg, "init_cfg")) {
            ConfigDict cp = cfg.deepCopy(); // a cfg may be shared by many modules: never mutate it
            Object override = cp.remove("override");
            run(root, cp, false, loader);
            if (override != null) {
                cp.remove("layer");
                for (ConfigDict o : dicts(override, "init_cfg.override")) {
                    ConfigDict oc = o.deepCopy();
                    Object name = oc.remove("name");
                    if (!(name instanceof String childName)) {
                        throw new ConfigException("init_cfg.override must contain the key \"name\", but got " + o);
                    }
                    if (oc.isEmpty()) {
                        oc.putAll(cp);
                    } else if (!oc.containsKey("type")) {
                        throw new ConfigException("init_cfg.override needs a \"type\" key, but got " + o);
                    }
                    Module child = root.child(childName);
                    if (child == null) {
                        throw new ConfigException("init_cfg.override: module " + root.getClass().getSimpleName()
                                + " has no attribute '" + childName + "' (children: " + root.children().keySet()
                                + "), but init_cfg is " + o);
                    }
                    run(child, oc, true, loader);
                }
            }
        }
    }

    private static List<ConfigDict> dicts(Object cfg, String key) {
        List<ConfigDict> out = new ArrayList<>();
        if (cfg instanceof ConfigDict d) {
            out.add(d);
        } else if (cfg instanceof List<?> l) {
            for (Object o : l) {
                if (!(o instanceof ConfigDict d)) {
                    throw new ConfigException(key + " must be a dict or a list of dicts, but got an item " + o);
                }
                out.add(d);
            }
        } else {
            throw new ConfigException(key + " must be a dict or a list of dicts, but got "
                    + (cfg == null ? "None" : ConfigDict.describe(cfg)));
        }
        return out;
    }

    private static void run(Module module, ConfigDict cfg, boolean wholeModule, PretrainedLoader loader) {
        if (!(cfg.get("type") instanceof String type)) {
            throw new ConfigException("init_cfg needs a string 'type', got " + cfg);
        }
        Set<String> own = ARGS.get(type);
        if (own == null) {
            throw new ConfigException("init_cfg: unknown initializer type '" + type + "'; known types are "
                    + new java.util.TreeSet<>(ARGS.keySet()));
        }
        boolean pretrained = "Pretrained".equals(type);
        for (String k : cfg.keySet()) {
            if (!own.contains(k) && (pretrained ? !"type".equals(k) : !COMMON.contains(k))) {
                throw new ConfigException("init_cfg: unexpected key '" + k + "' for type " + type + "; valid keys are "
                        + (pretrained ? own : union(COMMON, own)));
            }
        }
        if (pretrained) {
            pretrained(module, cfg, loader);
            return;
        }
        WeightInit init = WeightInit.of(type, cfg);
        List<String> layers = layers(cfg.get("layer"));
        visit(module, m -> {
            if (wholeModule || m.torchTypeNames().stream().anyMatch(layers::contains)) {
                init.apply(m);
            }
        });
    }

    private static void pretrained(Module module, ConfigDict cfg, PretrainedLoader loader) {
        if (!(cfg.get("checkpoint") instanceof String checkpoint)) {
            throw new ConfigException("init_cfg type Pretrained needs a string 'checkpoint', got " + cfg);
        }
        Object prefix = cfg.get("prefix");
        if (prefix != null && !(prefix instanceof String)) {
            throw new ConfigException("init_cfg Pretrained 'prefix' must be a string, got " + prefix);
        }
        if (loader == null) {
            throw new MgdException("init_cfg type Pretrained (checkpoint '" + checkpoint + "') for "
                    + module.getClass().getSimpleName() + " needs a checkpoint loader, but none was given to "
                    + "InitCfg.apply");
        }
        loader.load(module, checkpoint, (String) prefix);
    }

    private static List<String> layers(Object layer) {
        if (layer == null) {
            return List.of();
        }
        if (layer instanceof String s) {
            return List.of(s);
        }
        if (layer instanceof List<?> l && l.stream().allMatch(String.class::isInstance)) {
            return l.stream().map(String.class::cast).toList();
        }
        throw new ConfigException("init_cfg 'layer' must be a str or a list of str, but got " + layer);
    }

    /** Post-order, as torch's {@code Module.apply}: children first, then the module itself. */
    private static void visit(Module m, java.util.function.Consumer<Module> fn) {
        for (Module c : m.children().values()) {
            visit(c, fn);
        }
        fn.accept(m);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new java.util.TreeSet<>(a);
        u.addAll(b);
        return u;
    }

    /** The weight distribution of one initializer plus its bias constant. */
    private record WeightInit(String type, ConfigDict cfg, double bias) {
        static WeightInit of(String type, ConfigDict cfg) {
            Object b = cfg.getOrDefault("bias", 0L);
            if (!(b instanceof Number)) {
                throw new ConfigException("init_cfg 'bias' must be a number, but got " + b);
            }
            double bias = ((Number) b).doubleValue();
            Object prob = cfg.get("bias_prob");
            if (prob != null) {
                if (!(prob instanceof Double p)) {
                    throw new ConfigException("init_cfg 'bias_prob' must be a float, but got " + prob);
                }
                bias = Init.biasWithProb(p);
            }
            if ("Constant".equals(type) && !(cfg.get("val") instanceof Number)) {
                throw new ConfigException("init_cfg type Constant needs a number 'val', got " + cfg.get("val"));
            }
            String dist = str(cfg, "distribution", "normal");
            if (!"normal".equals(dist) && !"uniform".equals(dist)) {
                throw new ConfigException("init_cfg 'distribution' must be 'normal' or 'uniform', got '" + dist + "'");
            }
            return new WeightInit(type, cfg, bias);
        }

        void apply(Module m) {
            Parameter w = m.ownParameters().get("weight");
            Parameter b = m.ownParameters().get("bias");
            if (w != null) {
                try {
                    initWeight(w);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("init_cfg " + type + " cannot initialise the weight "
                            + w.data().getShape() + " of " + m.getClass().getSimpleName() + ": " + e.getMessage(), e);
                }
            }
            if (b != null) {
                Init.constant(b, bias);
            }
        }

        private void initWeight(Parameter w) {
            switch (type) {
                case "Kaiming" -> Init.kaiming(w, num(cfg, "a", 0), str(cfg, "mode", "fan_out"),
                        str(cfg, "nonlinearity", "relu"), str(cfg, "distribution", "normal"));
                case "Caffe2Xavier" -> Init.kaiming(w, 1, "fan_in", "leaky_relu", "uniform");
                case "Xavier" -> Init.xavier(w, num(cfg, "gain", 1), str(cfg, "distribution", "normal"));
                case "Normal" -> Init.normal(w, num(cfg, "mean", 0), num(cfg, "std", 1));
                case "TruncNormal" -> Init.truncNormal(w, num(cfg, "mean", 0), num(cfg, "std", 1),
                        num(cfg, "a", -2), num(cfg, "b", 2));
                case "Uniform" -> Init.uniform(w, num(cfg, "a", 0), num(cfg, "b", 1));
                case "Constant" -> Init.constant(w, num(cfg, "val", 0));
                default -> throw new IllegalStateException(type);
            }
        }

        private static double num(ConfigDict cfg, String key, double def) {
            Object v = cfg.getOrDefault(key, def);
            if (!(v instanceof Number n)) {
                throw new ConfigException("init_cfg '" + key + "' must be a number, but got " + v);
            }
            return n.doubleValue();
        }

        private static String str(ConfigDict cfg, String key, String def) {
            Object v = cfg.getOrDefault(key, def);
            if (!(v instanceof String s)) {
                throw new ConfigException("init_cfg '" + key + "' must be a string, but got " + v);
            }
            return s;
        }
    }
}
