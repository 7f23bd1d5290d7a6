package io.mgd.core.apis;

import io.mgd.core.checkpoint.CheckpointLoader;
import io.mgd.core.config.Config;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.models.distillers.BaseDistiller;
import io.mgd.core.models.distillers.Distillers;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.init.InitWeights;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Builds what a config describes: a distiller (teacher + student + distillation losses) when it
 * has a {@code distiller} section, else its {@code model}; then loads {@code Pretrained}
 * init_cfg checkpoints, as mmcv's {@code init_weights()} would.
 */
public final class Models {
    private Models() {}

    /** The model {@code tools/train} trains for this config. */
    public static Module buildForTraining(Config cfg, BuildContext ctx) {
        ConfigDict d = cfg.dict();
        if (d.getDict("distiller") != null) {
            return buildDistiller(cfg, ctx);
        }
        return buildModel(d.getDict("model"), ctx);
    }

    /** A plain model from a {@code model} dict, with its Pretrained weights loaded. */
    public static Module buildModel(ConfigDict modelCfg, BuildContext ctx) {
        if (modelCfg == null) {
            throw new ConfigException("config has no 'model' section");
        }
        Module m = ctx.build(Registries.MODELS, modelCfg);
        loadPretrained(m);
        return m;
    }

    /**
     * A distiller from {@code distiller}, {@code teacher_cfg} and {@code student_cfg}. The two
     * paths are read relative to the working directory, like the reference.
     */
    public static BaseDistiller buildDistiller(Config cfg, BuildContext ctx) {
        ConfigDict d = cfg.dict();
        Config teacher = sideConfig(d, "teacher_cfg", cfg.filename());
        Config student = sideConfig(d, "student_cfg", cfg.filename());
        BaseDistiller distiller = Distillers.build(d.getDict("distiller"), teacher.dict(), student.dict(),
                CheckpointLoader.teacherWeights(), ctx);
        loadPretrained(distiller.student());
        return distiller;
    }

    private static Config sideConfig(ConfigDict d, String key, Path declaredIn) {
        Object v = d.get(key);
        if (!(v instanceof String s)) {
            throw new ConfigException((declaredIn == null ? "config" : declaredIn.toString()) + ": a distiller "
                    + "config needs '" + key + "' (path of the model config), got " + ConfigDict.describe(v));
        }
        Path p = Path.of(s);
        if (!Files.isRegularFile(p)) {
            throw new ConfigException((declaredIn == null ? "config" : declaredIn.toString()) + ": " + key + " '" + s
                    + "' not found relative to the working directory " + Path.of("").toAbsolutePath()
                    + " (run tools from the repository root, as with the reference)");
        }
        return Config.fromFile(p);
    }

    /**
     * Loads the checkpoint of every {@code Pretrained} init_cfg in the tree (outermost first; a
     * module whose own init_cfg is Pretrained is loaded whole, like mmcv).
     */
    public static void loadPretrained(Module root) {
        for (Map.Entry<String, Module> e : root.namedModules().entrySet()) {
            if (e.getValue() instanceof InitWeights iw && iw.pretrainedCheckpoint() != null) {
                CheckpointLoader.load(e.getValue(), iw.pretrainedCheckpoint(), iw.pretrainedPrefix(), false);
            }
        }
    }
}
