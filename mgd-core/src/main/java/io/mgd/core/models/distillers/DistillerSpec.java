package io.mgd.core.models.distillers;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.registry.ArgBinder;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments every distiller shares ({@code ClassificationDistiller}, {@code
 * DetectionDistiller}, {@code SegmentationDistiller} options reduce to this).
 *
 * @param teacherCfg the teacher's config: a whole config with a {@code model} key (as the MGD
 *     tools pass {@code Config.fromfile(teacher_cfg)}) or the model dict itself
 * @param studentCfg the student's config, same forms
 * @param distillCfg the {@code distill_cfg} entries (may be empty)
 * @param teacherPretrained the teacher checkpoint, or null to keep the teacher's own init
 * @param initStudent copy every teacher key except {@code backbone.*} into the student
 * @param teacherWeights the checkpoint loader (required when {@code teacherPretrained} is set)
 * @param teacherBackend {@code djl} (null means this) or {@code onnxruntime}
 * @param teacherOnnx the exported teacher for {@code onnxruntime}, with the hooked teacher modules
 *     as outputs named by their paths
 */
public record DistillerSpec(ConfigDict teacherCfg, ConfigDict studentCfg, List<DistillLocation> distillCfg,
        String teacherPretrained, boolean initStudent, TeacherWeights teacherWeights, String teacherBackend,
        String teacherOnnx) {
    public DistillerSpec {
        distillCfg = distillCfg == null ? List.of() : List.copyOf(distillCfg);
    }

    /** A spec with the DJL teacher backend. */
    public DistillerSpec(ConfigDict teacherCfg, ConfigDict studentCfg, List<DistillLocation> distillCfg,
            String teacherPretrained, boolean initStudent, TeacherWeights teacherWeights) {
        this(teacherCfg, studentCfg, distillCfg, teacherPretrained, initStudent, teacherWeights, null, null);
    }

    /**
     * Binds raw {@code distill_cfg} entries; errors name {@code <component>.distill_cfg[i]}.
     *
     * @param raw the config list, or null for none
     * @param component e.g. {@code distillers.ClassificationDistiller}
     */
    public static List<DistillLocation> locations(List<ConfigDict> raw, String component) {
        List<DistillLocation> out = new ArrayList<>();
        if (raw != null) {
            for (int i = 0; i < raw.size(); i++) {
                out.add(ArgBinder.bind(DistillLocation.class, raw.get(i), component + ".distill_cfg[" + i + "]"));
            }
        }
        return out;
    }

    /** The model dict of a teacher/student config: its {@code model} key when present. */
    public static ConfigDict modelCfg(ConfigDict cfg) {
        if (cfg == null) {
            return null;
        }
        ConfigDict model = cfg.getDict("model");
        return model != null ? model : cfg;
    }
}
