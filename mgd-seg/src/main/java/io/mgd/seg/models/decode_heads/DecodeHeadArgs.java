package io.mgd.seg.models.decode_heads;

import io.mgd.core.config.ConfigDict;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments every mmseg decode head takes ({@code BaseDecodeHead.__init__}), with mmseg's
 * names; each head's options record carries them too and hands them over through
 * {@code common()}.
 *
 * @param inChannels an int, or a list for {@code resize_concat}/{@code multiple_select}
 * @param channels channels after the head's modules, before {@code conv_seg}
 * @param numClasses number of classes (output channels of {@code conv_seg})
 * @param dropoutRatio Dropout2d probability before {@code conv_seg}; 0 for none
 * @param convCfg None or {@code dict(type='Conv2d')}
 * @param normCfg norm of the head's ConvModules, or None
 * @param actCfg activation of the head's ConvModules (ReLU) or None
 * @param inIndex an int (may be negative, as in Python), or a list matching {@code in_channels}
 * @param inputTransform None, {@code resize_concat} or {@code multiple_select}
 * @param lossDecode a loss dict or a list of them (built from the mmseg losses registry)
 * @param ignoreIndex label ignored by the losses
 * @param sampler pixel sampler config; only None is supported
 * @param alignCorners {@code align_corners} of every bilinear resize in the head
 * @param initCfg the head's mmcv init_cfg
 */
public record DecodeHeadArgs(Object inChannels, int channels, int numClasses, double dropoutRatio,
        ConfigDict convCfg, ConfigDict normCfg, ConfigDict actCfg, Object inIndex, String inputTransform,
        Object lossDecode, int ignoreIndex, ConfigDict sampler, boolean alignCorners, Object initCfg) {

    /** mmseg's default {@code loss_decode}. */
    public static final String DEFAULT_LOSS = "{type: CrossEntropyLoss, use_sigmoid: false, loss_weight: 1.0}";
    /** mmseg's default {@code init_cfg}: Normal(std=0.01) on {@code conv_seg}. */
    public static final String DEFAULT_INIT = "{type: Normal, std: 0.01, override: {name: conv_seg}}";

    /** Validates the combination as {@code BaseDecodeHead._init_inputs} asserts it. */
    public DecodeHeadArgs {
        if (inputTransform != null && !List.of("resize_concat", "multiple_select").contains(inputTransform)) {
            throw new IllegalArgumentException("input_transform must be None, 'resize_concat' or "
                    + "'multiple_select', got '" + inputTransform + "'");
        }
        if (inputTransform == null) {
            if (!(inChannels instanceof Number) || !(inIndex instanceof Number)) {
                throw new IllegalArgumentException("without input_transform, in_channels and in_index must be ints, "
                        + "got in_channels=" + inChannels + ", in_index=" + inIndex);
            }
        } else {
            List<Integer> ch = ints(inChannels, "in_channels");
            List<Integer> idx = ints(inIndex, "in_index");
            if (ch.size() != idx.size()) {
                throw new IllegalArgumentException("in_channels " + ch + " and in_index " + idx
                        + " must have the same length for input_transform '" + inputTransform + "'");
            }
        }
        if (channels <= 0 || numClasses <= 0) {
            throw new IllegalArgumentException("channels and num_classes must be positive, got channels="
                    + channels + ", num_classes=" + numClasses);
        }
        if (!(dropoutRatio >= 0 && dropoutRatio <= 1)) {
            throw new IllegalArgumentException("dropout_ratio must be in [0, 1], got " + dropoutRatio);
        }
        if (sampler != null) {
            throw new IllegalArgumentException("sampler " + sampler.get("type")
                    + " is not supported (only sampler=None)");
        }
        if (convCfg != null && !List.of("Conv2d", "Conv").contains(convCfg.get("type"))) {
            throw new IllegalArgumentException("conv_cfg type " + convCfg.get("type")
                    + " is not supported (only None or Conv2d)");
        }
        if (!(lossDecode instanceof ConfigDict) && !(lossDecode instanceof List<?>)) {
            throw new IllegalArgumentException("loss_decode must be a dict or sequence of dict, but got "
                    + ConfigDict.describe(lossDecode));
        }
    }

    /** The channels the head's modules see: the sum for {@code resize_concat}. */
    int effectiveInChannels() {
        if (inputTransform == null) {
            return ((Number) inChannels).intValue();
        }
        if ("resize_concat".equals(inputTransform)) {
            return ints(inChannels, "in_channels").stream().mapToInt(Integer::intValue).sum();
        }
        throw new IllegalArgumentException("input_transform 'multiple_select' gives this head a list of "
                + ints(inChannels, "in_channels").size() + " feature maps, but it decodes a single one");
    }

    /** {@code in_index} as a list (one entry without input_transform). */
    List<Integer> inIndices() {
        return inputTransform == null ? List.of(((Number) inIndex).intValue()) : ints(inIndex, "in_index");
    }

    static List<Integer> ints(Object v, String key) {
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException(key + " must be a list of ints with an input_transform, got "
                    + ConfigDict.describe(v));
        }
        List<Integer> out = new ArrayList<>();
        for (Object o : l) {
            if (!(o instanceof Long || o instanceof Integer)) {
                throw new IllegalArgumentException(key + " must be a list of ints, got " + l);
            }
            out.add(((Number) o).intValue());
        }
        return out;
    }
}
