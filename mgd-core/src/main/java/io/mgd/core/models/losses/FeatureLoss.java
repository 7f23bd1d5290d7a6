package io.mgd.core.models.losses;

import ai.djl.ndarray.NDManager;
import io.mgd.core.registry.Default;

/**
 * The detection/segmentation MGD loss (mmdet/mmseg {@code FeatureLoss}): spatial mask by
 * default, α = 2e-5, λ = 0.65 (the mmdet defaults; the mmseg configs set λ = 0.75 explicitly).
 * Registered in {@code LOSSES} as {@code FeatureLoss}.
 */
public final class FeatureLoss extends MaskedGenerativeLoss {

    /**
     * Config arguments, with the reference names and defaults.
     *
     * @param studentChannels channels of the student feature
     * @param teacherChannels channels of the teacher feature
     * @param name the loss name (loss-dict and {@code distill_losses} key)
     * @param alphaMgd loss weight α
     * @param lambdaMgd masked ratio λ
     * @param maskType {@code channel}, {@code spatial}, or None for {@code spatial}
     */
    public record Options(int studentChannels, int teacherChannels, String name,
            @Default("0.00002") double alphaMgd, @Default("0.65") double lambdaMgd,
            @Default("null") String maskType) {
        public Options {
            validate(studentChannels, teacherChannels, name, lambdaMgd);
            MaskType.parse(maskType, MaskType.SPATIAL);
        }
    }

    public FeatureLoss(NDManager manager, Options o) {
        super(manager, o.name(), o.studentChannels(), o.teacherChannels(), o.alphaMgd(), o.lambdaMgd(),
                MaskType.parse(o.maskType(), MaskType.SPATIAL));
    }
}
