package io.mgd.core.runner;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.runner.hooks.Hook;
import io.mgd.core.runner.hooks.Priority;
import java.util.List;

/**
 * Builds a runner from a config ({@code runner=dict(type='EpochBasedRunner', max_epochs=12)},
 * or the legacy {@code total_epochs}) and registers its training hooks from {@code lr_config},
 * {@code optimizer_config}, {@code checkpoint_config}, {@code log_config} and {@code custom_hooks}
 * with mmcv's priorities (LR VERY_HIGH, optimizer ABOVE_NORMAL, checkpoint NORMAL, timer LOW,
 * loggers VERY_LOW, custom hooks NORMAL unless they set {@code priority}).
 */
public final class Runners {
    private Runners() {}

    /** The runner named by {@code cfg.runner}; checks that {@code workflow} is train-only. */
    public static BaseRunner build(ConfigDict cfg, RunnerArgs args) {
        checkWorkflow(cfg.get("workflow"));
        ConfigDict runner = cfg.getDict("runner");
        if (runner == null) {
            Object total = cfg.get("total_epochs");
            if (!(total instanceof Long t)) {
                throw new ConfigException("config has no 'runner' (e.g. runner=dict(type='EpochBasedRunner', "
                        + "max_epochs=12)) and no 'total_epochs'");
            }
            return new EpochBasedRunner(args, t.intValue());
        }
        String type = runner.getString("type", null);
        if ("EpochBasedRunner".equals(type)) {
            return new EpochBasedRunner(args, intKey(runner, "max_epochs"));
        }
        if ("IterBasedRunner".equals(type)) {
            return new IterBasedRunner(args, intKey(runner, "max_iters"));
        }
        throw new ConfigException("runner.type must be 'EpochBasedRunner' or 'IterBasedRunner', got "
                + ConfigDict.describe(runner.get("type")));
    }

    private static int intKey(ConfigDict d, String key) {
        if (!(d.get(key) instanceof Long v) || v <= 0) {
            throw new ConfigException("runner." + key + " must be a positive int, got "
                    + ConfigDict.describe(d.get(key)));
        }
        return v.intValue();
    }

    private static void checkWorkflow(Object wf) {
        if (wf == null) {
            return;
        }
        if (wf instanceof List<?> l && l.size() == 1 && l.get(0) instanceof List<?> t && t.size() == 2
                && "train".equals(t.get(0)) && Long.valueOf(1).equals(t.get(1))) {
            return;
        }
        throw new ConfigException("workflow: only [('train', 1)] is supported (validation runs through the "
                + "evaluation hook), got " + wf);
    }

    /** mmcv {@code register_training_hooks} from the config's hook sections. */
    public static void registerTrainingHooks(BaseRunner runner, ConfigDict cfg, Registries registries) {
        boolean iterBased = runner instanceof IterBasedRunner;
        BuildContext ctx = new BuildContext(registries, runner.manager());
        ConfigDict lr = copy(cfg, "lr_config");
        if (lr != null) {
            Object policy = lr.remove("policy");
            if (!(policy instanceof String p)) {
                throw new ConfigException("lr_config must have a string 'policy', e.g. policy='step'");
            }
            lr.put("type", (p.equals(p.toLowerCase()) ? title(p) : p) + "LrUpdaterHook");
            if (iterBased) {
                lr.putIfAbsent("by_epoch", false);
            }
            runner.registerHook(buildHook(ctx, lr, "lr_config"), Priority.VERY_HIGH);
        }
        if (cfg.get("momentum_config") != null) {
            throw new ConfigException("momentum_config is not supported (no MGD config uses it)");
        }
        ConfigDict opt = copy(cfg, "optimizer_config");
        if (opt != null) {
            opt.putIfAbsent("type", "OptimizerHook");
            runner.registerHook(buildHook(ctx, opt, "optimizer_config"), Priority.ABOVE_NORMAL);
        }
        ConfigDict ckpt = copy(cfg, "checkpoint_config");
        if (ckpt != null) {
            ckpt.putIfAbsent("type", "CheckpointHook");
            if (iterBased) {
                ckpt.putIfAbsent("by_epoch", false);
            }
            runner.registerHook(buildHook(ctx, ckpt, "checkpoint_config"), Priority.NORMAL);
        }
        runner.registerHook(buildHook(ctx, ConfigDict.of("type", "IterTimerHook"), "timer"), Priority.LOW);
        ConfigDict log = copy(cfg, "log_config");
        if (log != null) {
            Object interval = log.get("interval");
            Object hooks = log.getOrDefault("hooks", List.of());
            if (!(hooks instanceof List<?> list)) {
                throw new ConfigException("log_config.hooks must be a list of dicts");
            }
            for (Object h : list) {
                if (!(h instanceof ConfigDict hc)) {
                    throw new ConfigException("log_config.hooks entries must be dicts, got " + ConfigDict.describe(h));
                }
                ConfigDict c = hc.deepCopy();
                if (iterBased) {
                    c.putIfAbsent("by_epoch", false);
                }
                Object built = registries.get(Registries.HOOKS).build(c, ctx, ConfigDict.of("interval", interval));
                runner.registerHook(asHook(built, "log_config.hooks"), Priority.VERY_LOW);
            }
        }
        Object custom = cfg.get("custom_hooks");
        if (custom != null) {
            for (Object h : custom instanceof List<?> l ? l : List.of(custom)) {
                if (!(h instanceof ConfigDict hc)) {
                    throw new ConfigException("custom_hooks entries must be dicts, got " + ConfigDict.describe(h));
                }
                ConfigDict c = hc.deepCopy();
                Object priority = c.containsKey("priority") ? c.remove("priority") : "NORMAL";
                runner.registerHook(buildHook(ctx, c, "custom_hooks"), priority);
            }
        }
    }

    private static ConfigDict copy(ConfigDict cfg, String key) {
        ConfigDict d = cfg.getDict(key);
        return d == null ? null : d.deepCopy();
    }

    private static Hook buildHook(BuildContext ctx, ConfigDict c, String where) {
        return asHook(ctx.build(Registries.HOOKS, c), where);
    }

    private static Hook asHook(Object built, String where) {
        if (!(built instanceof Hook h)) {
            throw new ConfigException(where + ": type does not build a runner hook");
        }
        return h;
    }

    /** Python {@code str.title()} for a policy name ({@code 'step'} → {@code 'Step'}). */
    static String title(String s) {
        StringBuilder sb = new StringBuilder();
        boolean prevCased = false;
        for (char c : s.toCharArray()) {
            sb.append(prevCased ? Character.toLowerCase(c) : Character.toUpperCase(c));
            prevCased = Character.isLetter(c);
        }
        return sb.toString();
    }
}
