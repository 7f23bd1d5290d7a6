package io.mgd.core.models.losses;

import ai.djl.ndarray.NDManager;
import io.mgd.core.registry.Default;

/**
 * The classification MGD loss (mmcls {@code MGDLoss}): channel mask by default, α = 7e-5,
 * λ = 0.15. Registered in {@code LOSSES} as {@code MGDLoss}.
 */
public final class MGDLoss extends MaskedGenerativeLoss {

    /**
     * Config arguments, with the reference names and defaults.
     *
     * @param studentChannels channels of the student feature
     * @param teacherChannels channels of the teacher feature
     * @param name the loss name (loss-dict and {@code distill_losses} key)
     * @param alphaMgd loss weight α
     * @param lambdaMgd masked ratio λ
     * @param maskType {@code channel}, {@code spatial}, or None for {@code channel}
     */
    public record Options(int studentChannels, int teacherChannels, String name,
            @Default("0.00007") double alphaMgd, @Default("0.15") double lambdaMgd,
            @Default("null") String maskType) {
        public Options {
            validate(studentChannels, teacherChannels, name, lambdaMgd);
            MaskType.parse(maskType, MaskType.CHANNEL);
        }
    }

    public MGDLoss(NDManager manager, Options o) {
        super(manager, o.name(), o.studentChannels(), o.teacherChannels(), o.alphaMgd(), o.lambdaMgd(),
                MaskType.parse(o.maskType(), MaskType.CHANNEL));
    }
}
