package io.mgd.det.models.distillers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.models.distillers.BaseDistiller;
import io.mgd.core.models.distillers.DistillerSpec;
import io.mgd.core.models.distillers.Distillers;
import io.mgd.core.models.distillers.TeacherWeights;
import io.mgd.core.nn.Module;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Default;
import io.mgd.core.registry.Name;
import io.mgd.core.registry.Registries;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * yzd-v/MGD {@code DetectionDistiller}: the teacher runs {@code extract_feat} under no_grad, the
 * student its {@code forward_train}; the student's losses keep their own names ({@code loss_cls},
 * {@code loss_bbox}) and each distill loss is added by its name ({@code loss_mgd_fpn_0} …). Entries
 * name their hooked modules ({@code neck.fpn_convs.4.conv}); an entry without paths hooks the
 * {@code neck}'s last output. {@code init_student} copies every teacher key except
 * {@code backbone.*}.
 */
public final class DetectionDistiller extends BaseDistiller {
    static final String DEFAULT_MODULE = "neck";

    /**
     * Config arguments ({@code distiller=dict(type='DetectionDistiller', …)}).
     *
     * @param teacherCfg the teacher config, passed by the tools as a default argument
     * @param studentCfg the student config, passed by the tools as a default argument
     * @param distillCfg the distill locations and their losses
     * @param teacherPretrained the teacher checkpoint
     * @param initStudent copy the teacher's non-backbone weights into the student
     * @param teacherWeights the checkpoint loader, supplied by {@link Distillers#build}
     */
    public record Options(ConfigDict teacherCfg, ConfigDict studentCfg, @Default("null") List<ConfigDict> distillCfg,
            @Default("null") String teacherPretrained, @Default("false") boolean initStudent,
            @Name(Distillers.TEACHER_WEIGHTS_KEY) @Default("null") TeacherWeights teacherWeights) {}

    public DetectionDistiller(Options o, BuildContext ctx) {
        super(new DistillerSpec(o.teacherCfg(), o.studentCfg(),
                DistillerSpec.locations(o.distillCfg(), "distillers.DetectionDistiller"),
                o.teacherPretrained(), o.initStudent(), o.teacherWeights()), ctx, DEFAULT_MODULE);
    }

    /**
     * mmdet {@code build_detector(cfg.model, train_cfg=cfg.get('train_cfg'), test_cfg=...)}: an
     * old-style config's top-level train_cfg/test_cfg are passed in when the model has none.
     */
    @Override
    protected Module buildModel(ConfigDict cfg, String key, BuildContext ctx) {
        ConfigDict model = DistillerSpec.modelCfg(cfg);
        if (model == null) {
            throw new ConfigException("DetectionDistiller: " + key + " is missing");
        }
        if (model != cfg) {
            for (String k : List.of("train_cfg", "test_cfg")) {
                if (cfg.get(k) != null) {
                    if (model.get(k) != null) {
                        throw new ConfigException("DetectionDistiller: " + key + " sets " + k
                                + " both at the top level and in model (mmdet forbids this)");
                    }
                    model = model.deepCopy();
                    model.put(k, cfg.get(k));
                }
            }
        }
        return ctx.build(Registries.MODELS, model);
    }

    @Override
    protected Map<String, NDArray> studentLosses(NDList inputs, Map<String, Object> targets) {
        return new LinkedHashMap<>(studentModel().forwardTrain(inputs, targets));
    }
}
