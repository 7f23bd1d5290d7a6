package io.mgd.core.models.distillers;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.nn.Module;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;

/** Builds a distiller from a distill config, like MGD's {@code build_distiller}. */
public final class Distillers {
    /**
     * The default-argument key that carries the {@link TeacherWeights} loader to the registered
     * factories; set by {@link #build}, never by config files.
     */
    public static final String TEACHER_WEIGHTS_KEY = "teacher_weights";

    private Distillers() {}

    /**
     * Builds {@code distillerCfg} ({@code type='ClassificationDistiller'}, {@code distill_cfg},
     * {@code teacher_pretrained}, …) from the {@code DISTILLERS} registry, with {@code teacher_cfg}
     * and {@code student_cfg} as default arguments (mmcv {@code default_args}).
     *
     * @param teacherCfg the teacher config (with a {@code model} key) or its model dict
     * @param studentCfg the student config (with a {@code model} key) or its model dict
     * @param weights loads {@code teacher_pretrained} into the teacher; may be null when the
     *     config sets none
     */
    public static BaseDistiller build(ConfigDict distillerCfg, ConfigDict teacherCfg, ConfigDict studentCfg,
            TeacherWeights weights, BuildContext ctx) {
        ConfigDict defaults = new ConfigDict();
        defaults.put("teacher_cfg", teacherCfg);
        defaults.put("student_cfg", studentCfg);
        defaults.put(TEACHER_WEIGHTS_KEY, weights);
        Module m = ctx.build(Registries.DISTILLERS, distillerCfg, defaults);
        if (!(m instanceof BaseDistiller d)) {
            throw new ConfigException("distiller type '" + distillerCfg.get("type") + "' does not build a distiller");
        }
        return d;
    }
}
