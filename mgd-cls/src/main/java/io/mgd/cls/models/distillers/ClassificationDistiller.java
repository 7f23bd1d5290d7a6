package io.mgd.cls.models.distillers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.models.distillers.BaseDistiller;
import io.mgd.core.models.distillers.DistillerSpec;
import io.mgd.core.models.distillers.Distillers;
import io.mgd.core.models.distillers.TeacherWeights;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Default;
import io.mgd.core.registry.Name;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * mmcls MGD distiller ({@code ClassificationDistiller}): the student's own losses are logged with
 * an {@code ori_} prefix ({@code loss} → {@code ori_loss}), then each MGD loss by its name. A
 * {@code distill_cfg} entry without module paths distils the last backbone output, the
 * reference's {@code fea_s[-1]}/{@code fea_t[-1]} ({@code backbone.layer4} for a ResNet with
 * {@code out_indices=(3,)}). The teacher runs {@code extract_feat} only.
 */
public final class ClassificationDistiller extends BaseDistiller {
    /** Where entries without {@code student_module}/{@code teacher_module} are hooked. */
    static final String DEFAULT_MODULE = "backbone";

    /**
     * Config arguments ({@code distiller=dict(type='ClassificationDistiller', …)}).
     *
     * @param teacherCfg the teacher config, passed by the tools as a default argument
     * @param studentCfg the student config, passed by the tools as a default argument
     * @param distillCfg the distill locations and their losses
     * @param teacherPretrained the teacher checkpoint (path or URL scheme)
     * @param initStudent copy the teacher's non-backbone weights into the student (an mmdet/mmseg
     *     option, accepted here too)
     * @param teacherWeights the checkpoint loader, supplied by {@link Distillers#build}
     * @param teacherBackend {@code djl} (default) or {@code onnxruntime}
     * @param teacherOnnx the exported teacher for {@code onnxruntime}
     */
    public record Options(ConfigDict teacherCfg, ConfigDict studentCfg, @Default("null") List<ConfigDict> distillCfg,
            @Default("null") String teacherPretrained, @Default("false") boolean initStudent,
            @Name(Distillers.TEACHER_WEIGHTS_KEY) @Default("null") TeacherWeights teacherWeights,
            @Default("djl") String teacherBackend, @Default("null") String teacherOnnx) {}

    public ClassificationDistiller(Options o, BuildContext ctx) {
        super(new DistillerSpec(o.teacherCfg(), o.studentCfg(),
                DistillerSpec.locations(o.distillCfg(), "distillers.ClassificationDistiller"),
                o.teacherPretrained(), o.initStudent(), o.teacherWeights(), o.teacherBackend(), o.teacherOnnx()),
                ctx, DEFAULT_MODULE);
    }

    @Override
    protected Map<String, NDArray> studentLosses(NDList inputs, Map<String, Object> targets) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        studentModel().forwardTrain(inputs, targets).forEach((k, v) -> out.put("ori_" + k, v));
        return out;
    }
}
