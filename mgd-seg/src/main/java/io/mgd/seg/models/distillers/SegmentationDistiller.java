package io.mgd.seg.models.distillers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.models.distillers.BaseDistiller;
import io.mgd.core.models.distillers.DistillerSpec;
import io.mgd.core.models.distillers.Distillers;
import io.mgd.core.models.distillers.TeacherFeatures;
import io.mgd.core.models.distillers.TeacherWeights;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Default;
import io.mgd.core.registry.Name;
import io.mgd.core.util.MgdException;
import io.mgd.seg.models.losses.ChannelWiseDivergence;
import io.mgd.seg.models.segmentors.EncoderDecoder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The MGD seg distiller ({@code SegmentationDistiller}, yzd-v/MGD {@code
 * seg/mmseg/distillation/distillers/segmentation_distiller.py}). A training step:
 *
 * <ol>
 *   <li>teacher (eval, no graph): {@code extract_feat}, and with {@code use_logit} the decode
 *       head's logits at feature resolution ({@code _decode_head_forward_test});</li>
 *   <li>student: {@code extract_feat}, decode-head logits, {@code decode.*} losses from those
 *       logits, then the auxiliary heads' {@code aux.*} losses;</li>
 *   <li>each {@code distill_cfg} loss on the last backbone outputs ({@code loss_mgd_fea} in the
 *       reference configs);</li>
 *   <li>with {@code use_logit}, {@code loss_logit}: channel-wise divergence of the two
 *       low-resolution logits at τ = 4, weighted {@code 3/(C·N)}
 *       ({@link ChannelWiseDivergence#MGD_REFERENCE}).</li>
 * </ol>
 *
 * Teacher and student must be {@link EncoderDecoder}s.
 */
public final class SegmentationDistiller extends BaseDistiller {
    /** Where entries without {@code student_module}/{@code teacher_module} are hooked: fea[-1]. */
    static final String DEFAULT_MODULE = "backbone";

    /**
     * Config arguments ({@code distiller=dict(type='SegmentationDistiller', …)}).
     *
     * @param teacherCfg the teacher config, passed by the tools as a default argument
     * @param studentCfg the student config, passed by the tools as a default argument
     * @param distillCfg the distill locations and their losses
     * @param teacherPretrained the teacher checkpoint (path or URL scheme), or null
     * @param initStudent copy the teacher's non-backbone weights into the student
     * @param useLogit add the channel-wise logit loss {@code loss_logit} (reference default True)
     * @param teacherWeights the checkpoint loader, supplied by {@link Distillers#build}
     */
    public record Options(ConfigDict teacherCfg, ConfigDict studentCfg, @Default("null") List<ConfigDict> distillCfg,
            @Default("null") String teacherPretrained, @Default("false") boolean initStudent,
            @Default("true") boolean useLogit,
            @Name(Distillers.TEACHER_WEIGHTS_KEY) @Default("null") TeacherWeights teacherWeights) {}

    private final boolean useLogit;
    private final ChannelWiseDivergence logitLoss;
    /** The student's decode-head logits of the step in progress (belong to the step scope). */
    private NDArray studentLogit;

    public SegmentationDistiller(Options o, BuildContext ctx) {
        super(new DistillerSpec(o.teacherCfg(), o.studentCfg(),
                DistillerSpec.locations(o.distillCfg(), "distillers.SegmentationDistiller"),
                o.teacherPretrained(), o.initStudent(), o.teacherWeights()), ctx, DEFAULT_MODULE);
        segmentor(teacher(), "teacher_cfg");
        segmentor(student(), "student_cfg");
        this.useLogit = o.useLogit();
        // not a child module: the reference computes loss_logit inline, it has no state-dict keys
        this.logitLoss = ChannelWiseDivergence.mgdReference(ctx.manager());
    }

    private static EncoderDecoder segmentor(Object m, String key) {
        if (!(m instanceof EncoderDecoder ed)) {
            throw new MgdException("SegmentationDistiller: the model of " + key + " must be an EncoderDecoder, got "
                    + m.getClass().getSimpleName());
        }
        return ed;
    }

    /** Whether {@code loss_logit} is computed. */
    public boolean useLogit() {
        return useLogit;
    }

    /** The teacher's backbone features, then (with {@code use_logit}) its decode-head logits. */
    @Override
    protected NDList runTeacher(NDList inputs) {
        EncoderDecoder t = (EncoderDecoder) teacher();
        NDList feats = t.extractFeat(inputs.head());
        if (!useLogit) {
            return feats;
        }
        return new NDList(t.decodeHeadForwardTest(feats));
    }

    /**
     * The student's {@code decode.*} losses from its decode-head logits (kept for {@code
     * loss_logit}), then its {@code aux.*} losses.
     */
    @Override
    protected Map<String, NDArray> studentLosses(NDList inputs, Map<String, Object> targets) {
        EncoderDecoder s = (EncoderDecoder) student();
        Object gt = targets.get("gt_semantic_seg");
        if (!(gt instanceof NDArray label)) {
            throw new MgdException("SegmentationDistiller: forward_train needs 'gt_semantic_seg' (N×1×H×W) among the "
                    + "targets " + targets.keySet());
        }
        NDList feats = s.extractFeat(inputs.head());
        // mmseg _decode_head_forward_test in the student's training mode: dropout applies
        NDArray logit = s.decodeHead().forward(feats).head();
        studentLogit = logit;
        Map<String, NDArray> out = new LinkedHashMap<>();
        s.decodeHead().losses(logit, label).forEach((k, v) -> out.put("decode." + k, v));
        out.putAll(s.auxiliaryHeadForwardTrain(feats, label));
        return out;
    }

    /** Student losses, the distill_cfg losses, then {@code loss_logit}, the reference's key order. */
    @Override
    public Map<String, NDArray> forwardTrain(NDList inputs, Map<String, Object> targets, TeacherFeatures t) {
        try {
            Map<String, NDArray> losses = super.forwardTrain(inputs, targets, t);
            if (useLogit) {
                NDArray teacherLogit = t.outputs().head();
                String mismatch = logitLoss.describeMismatch(studentLogit.getShape(), teacherLogit.getShape());
                if (mismatch != null) {
                    throw new MgdException("SegmentationDistiller: loss_logit needs decode-head logits of the same "
                            + "shape (same num_classes and output stride): " + mismatch);
                }
                losses.put("loss_logit", logitLoss.loss(studentLogit, teacherLogit));
            }
            return losses;
        } finally {
            studentLogit = null;
        }
    }
}
