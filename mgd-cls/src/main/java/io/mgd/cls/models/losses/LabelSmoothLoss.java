package io.mgd.cls.models.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.mgd.core.config.ConfigException;
import io.mgd.core.registry.Default;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mmcls 0.19 {@code LabelSmoothLoss}: smooths index (or one-hot-like) labels and applies a soft
 * cross entropy ('original', 'classy_vision') or sigmoid BCE ('multi_label').
 * <ul>
 *   <li>original: (1-ε)·onehot + ε/K</li>
 *   <li>classy_vision: the same with ε' = ε/(1+ε) — the 0.19 default when {@code mode} is unset
 *       (mmcls warns about it; so do we)</li>
 *   <li>multi_label: ε off-target, 1-ε on target</li>
 * </ul>
 * As in mmcls 0.19 the inner loss is a default CrossEntropyLoss: {@code loss_weight} and
 * {@code reduction} are stored but not applied (only reduction_override reaches the inner loss).
 */
public final class LabelSmoothLoss extends ClsLoss {
    private static final Logger LOG = LoggerFactory.getLogger(LabelSmoothLoss.class);

    /** Config arguments, mmcls names and defaults. */
    public record Options(double labelSmoothVal, @Default("null") Integer numClasses, @Default("null") String mode,
            @Default("mean") String reduction, @Default("1.0") double lossWeight) {
        public Options {
            if (!(labelSmoothVal >= 0 && labelSmoothVal < 1)) {
                throw new IllegalArgumentException("label_smooth_val must be a float in [0, 1), got " + labelSmoothVal);
            }
            LossReduce.checkReduction("losses.LabelSmoothLoss", reduction);
            if (mode != null && !List.of("original", "classy_vision", "multi_label").contains(mode)) {
                throw new IllegalArgumentException("mode must be one of original, classy_vision, multi_label; got '"
                        + mode + "'");
            }
        }
    }

    private final Options options;
    private final String mode;
    private final double eps;
    private final CrossEntropyLoss ce;

    public LabelSmoothLoss(NDManager manager, Options options) {
        super(manager);
        this.options = options;
        if (options.mode() == null) {
            LOG.warn("LabelSmoothLoss mode is not set, use \"classy_vision\" by default (mmcls 0.19 behaviour)");
        }
        this.mode = options.mode() == null ? "classy_vision" : options.mode();
        this.eps = "classy_vision".equals(mode) ? options.labelSmoothVal() / (1 + options.labelSmoothVal())
                : options.labelSmoothVal();
        boolean multi = "multi_label".equals(mode);
        this.ce = registerModule("ce", new CrossEntropyLoss(manager,
                new CrossEntropyLoss.Options(multi, !multi, "mean", 1.0, null, null)));
    }

    @Override
    public NDArray loss(NDArray clsScore, NDArray label, NDArray weight, Double avgFactor, String reductionOverride) {
        int classes = (int) clsScore.getShape().get(1);
        if (options.numClasses() != null && options.numClasses() != classes) {
            throw new ConfigException("losses.LabelSmoothLoss: num_classes " + options.numClasses()
                    + " does not match the " + classes + " classes of the scores");
        }
        NDArray oneHot = label.getShape().dimension() == 1 || label.getShape().get(label.getShape().dimension() - 1) == 1
                && label.getShape().dimension() == 2
                ? label.reshape(-1).oneHot(classes).toType(clsScore.getDataType(), false)
                : label.toType(clsScore.getDataType(), false);
        NDArray smoothed;
        if ("multi_label".equals(mode)) {
            NDArray on = oneHot.gt(0).toType(clsScore.getDataType(), false);
            smoothed = on.mul(1 - 2 * eps).add(eps);
        } else {
            smoothed = oneHot.mul(1 - eps).add(eps / classes);
        }
        return ce.loss(clsScore, smoothed, weight, avgFactor, reductionOverride);
    }
}
