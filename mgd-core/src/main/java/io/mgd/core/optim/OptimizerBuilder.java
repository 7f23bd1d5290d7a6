package io.mgd.core.optim;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.Parameter;
import io.mgd.core.nn.layers.Conv2d;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Builds an optimizer from an mmcv {@code optimizer} cfg with mmcv's
 * {@code DefaultOptimizerConstructor} semantics.
 *
 * <p>Without {@code paramwise_cfg} every parameter goes into one group. With it, each parameter
 * gets its own group (as mmcv does, which keeps optimizer state indices identical to mmcv
 * checkpoints), visited module by module in pre-order: a {@code custom_keys} entry whose key is
 * a substring of {@code "<module path>.<param name>"} (longest key first, then alphabetical)
 * sets {@code lr = lr*lr_mult} and {@code weight_decay = wd*decay_mult} and skips the other
 * rules; otherwise {@code bias_lr_mult} applies to biases outside norm layers, and weight decay
 * is multiplied by {@code norm_decay_mult} in norm layers (BatchNorm/GroupNorm/LayerNorm/
 * InstanceNorm, recognised by class name), {@code dwconv_decay_mult} in depth-wise convs
 * ({@code in_channels == groups}), else {@code bias_decay_mult} for biases. Frozen parameters
 * get a group without overrides.
 */
public final class OptimizerBuilder {
    private static final Pattern NORM_CLASS = Pattern.compile(".*(BatchNorm|GroupNorm|LayerNorm|InstanceNorm).*");

    private OptimizerBuilder() {}

    /** Builds over every parameter of {@code module}. */
    public static Optimizer build(ConfigDict optimizerCfg, Module module, Registries registries) {
        return build(optimizerCfg, module, module.namedParameters(), registries);
    }

    /**
     * Builds over {@code params} (a subset of {@code module}'s parameters by dotted name, e.g. a
     * distiller's student and distillation losses); other parameters are ignored.
     */
    public static Optimizer build(ConfigDict optimizerCfg, Module module, Map<String, Parameter> params,
            Registries registries) {
        if (optimizerCfg == null) {
            throw new ConfigException("optimizer: config is None, expected a dict with 'type' and 'lr'");
        }
        ConfigDict cfg = optimizerCfg.deepCopy();
        Object constructor = cfg.remove("constructor");
        if (constructor != null && !"DefaultOptimizerConstructor".equals(constructor)) {
            throw new ConfigException("optimizer.constructor: only 'DefaultOptimizerConstructor' is supported, got "
                    + ConfigDict.describe(constructor));
        }
        Object pw = cfg.remove("paramwise_cfg");
        if (pw != null && !(pw instanceof ConfigDict)) {
            throw new ConfigException("optimizer.paramwise_cfg should be None or a dict, got " + ConfigDict.describe(pw));
        }
        ConfigDict paramwise = (ConfigDict) pw;
        Object built = registries.get(Registries.OPTIMIZERS).build(cfg, new BuildContext(registries, null));
        if (!(built instanceof OptimizerFactory factory)) {
            throw new ConfigException("optimizer: type '" + cfg.get("type") + "' does not build an optimizer");
        }
        Double baseLr = number(cfg.get("lr"), "optimizer.lr");
        Double baseWd = number(cfg.get("weight_decay"), "optimizer.weight_decay");
        List<ParamGroup> groups = paramwise == null || paramwise.isEmpty()
                ? List.of(new ParamGroup(new ArrayList<>(params.keySet()), new ArrayList<>(params.values()), Map.of()))
                : new Paramwise(paramwise, baseLr, baseWd).groups(module, params);
        return factory.create(groups);
    }

    private static Double number(Object v, String key) {
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n)) {
            throw new ConfigException(key + " must be a number, got " + ConfigDict.describe(v));
        }
        return n.doubleValue();
    }

    /** The per-parameter rules of mmcv's {@code add_params}. */
    private static final class Paramwise {
        private final ConfigDict customKeys;
        private final List<String> sortedKeys;
        private final Double baseLr;
        private final Double baseWd;
        private final double biasLrMult;
        private final double biasDecayMult;
        private final double normDecayMult;
        private final double dwconvDecayMult;
        private final boolean bypassDuplicate;

        Paramwise(ConfigDict pw, Double baseLr, Double baseWd) {
            Object ck = pw.getOrDefault("custom_keys", new ConfigDict());
            if (!(ck instanceof ConfigDict)) {
                throw new ConfigException("optimizer.paramwise_cfg.custom_keys must be a dict, got "
                        + ConfigDict.describe(ck));
            }
            this.customKeys = (ConfigDict) ck;
            for (String key : customKeys.keySet()) {
                ConfigDict entry = customKeys.getDict(key);
                if (entry == null) {
                    throw new ConfigException("optimizer.paramwise_cfg.custom_keys." + key + " must be a dict");
                }
                if (baseWd == null && entry.containsKey("decay_mult")) {
                    throw new ConfigException("optimizer.weight_decay must be set when paramwise_cfg.custom_keys."
                            + key + " has decay_mult (mmcv: base_wd should not be None)");
                }
            }
            for (String k : List.of("bias_decay_mult", "norm_decay_mult", "dwconv_decay_mult")) {
                if (pw.containsKey(k) && baseWd == null) {
                    throw new ConfigException("optimizer.weight_decay must be set when paramwise_cfg has " + k
                            + " (mmcv: base_wd should not be None)");
                }
            }
            List<String> keys = new ArrayList<>(customKeys.keySet());
            Collections.sort(keys);
            keys.sort(Comparator.comparingInt(String::length).reversed());
            this.sortedKeys = keys;
            this.baseLr = baseLr;
            this.baseWd = baseWd;
            this.biasLrMult = mult(pw, "bias_lr_mult");
            this.biasDecayMult = mult(pw, "bias_decay_mult");
            this.normDecayMult = mult(pw, "norm_decay_mult");
            this.dwconvDecayMult = mult(pw, "dwconv_decay_mult");
            this.bypassDuplicate = Boolean.TRUE.equals(pw.get("bypass_duplicate"));
        }

        private static double mult(ConfigDict d, String key) {
            Double v = number(d.get(key), "optimizer.paramwise_cfg." + key);
            return v == null ? 1.0 : v;
        }

        List<ParamGroup> groups(Module root, Map<String, Parameter> selected) {
            Set<Parameter> wanted = Collections.newSetFromMap(new IdentityHashMap<>());
            wanted.addAll(selected.values());
            Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            List<ParamGroup> out = new ArrayList<>();
            for (Map.Entry<String, Module> e : root.namedModules().entrySet()) {
                String prefix = e.getKey();
                Module m = e.getValue();
                boolean isNorm = NORM_CLASS.matcher(m.getClass().getSimpleName()).matches();
                boolean isDwconv = m instanceof Conv2d c && c.inChannels() == c.groups();
                for (Map.Entry<String, Parameter> pe : m.ownParameters().entrySet()) {
                    Parameter p = pe.getValue();
                    if (!wanted.contains(p)) {
                        continue;
                    }
                    String name = pe.getKey();
                    String full = prefix.isEmpty() ? name : prefix + "." + name;
                    if (!seen.add(p)) {
                        if (bypassDuplicate) {
                            continue;
                        }
                        throw new ConfigException("parameter " + full + " appears in more than one module; set "
                                + "optimizer.paramwise_cfg.bypass_duplicate=True to skip duplicates");
                    }
                    Map<String, Object> opts = new LinkedHashMap<>();
                    if (p.requiresGrad()) {
                        options(prefix + "." + name, name, isNorm, isDwconv, opts);
                    }
                    out.add(new ParamGroup(List.of(full), List.of(p), opts));
                }
            }
            return out;
        }

        private void options(String matchName, String name, boolean isNorm, boolean isDwconv,
                Map<String, Object> opts) {
            for (String key : sortedKeys) {
                if (matchName.contains(key)) {
                    ConfigDict entry = customKeys.getDict(key);
                    opts.put("lr", lr() * mult(entry, "lr_mult"));
                    if (baseWd != null) {
                        opts.put("weight_decay", baseWd * mult(entry, "decay_mult"));
                    }
                    return;
                }
            }
            if (name.equals("bias") && !isNorm) {
                opts.put("lr", lr() * biasLrMult);
            }
            if (baseWd != null) {
                if (isNorm) {
                    opts.put("weight_decay", baseWd * normDecayMult);
                } else if (isDwconv) {
                    opts.put("weight_decay", baseWd * dwconvDecayMult);
                } else if (name.equals("bias")) {
                    opts.put("weight_decay", baseWd * biasDecayMult);
                }
            }
        }

        private double lr() {
            if (baseLr == null) {
                throw new ConfigException("optimizer.lr must be set when paramwise_cfg is used");
            }
            return baseLr;
        }
    }
}
