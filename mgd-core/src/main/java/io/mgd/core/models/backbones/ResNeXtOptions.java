package io.mgd.core.models.backbones;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.registry.Default;

/**
 * The config arguments of {@code ResNeXt} with mmdet 2.19 semantics: {@code groups} (default 1)
 * and {@code base_width} (default 4; mmcls spells it {@code width_per_group}, accepted as an
 * alias), conv2 width = floor(planes * base_width / base_channels) * groups. Other arguments as
 * {@link ResNetOptions}; variant defaults are mmdet's (out_indices (0,1,2,3), norm_eval True,
 * stem_channels = base_channels).
 */
public record ResNeXtOptions(
        int depth,
        @Default("1") int groups,
        @Default("null") Integer baseWidth,
        @Default("null") Integer widthPerGroup,
        @Default("3") int inChannels,
        @Default("null") Integer stemChannels,
        @Default("64") int baseChannels,
        @Default("4") int numStages,
        @Default("[1, 2, 2, 2]") int[] strides,
        @Default("[1, 1, 1, 1]") int[] dilations,
        @Default("null") int[] outIndices,
        @Default("pytorch") String style,
        @Default("false") boolean deepStem,
        @Default("false") boolean avgDown,
        @Default("-1") int frozenStages,
        @Default("null") ConfigDict convCfg,
        @Default("{type: BN, requires_grad: true}") ConfigDict normCfg,
        @Default("null") Boolean normEval,
        @Default("false") boolean withCp,
        @Default("true") boolean zeroInitResidual,
        @Default("null") Object initCfg,
        @Default("null") String pretrained,
        @Default("false") boolean contractDilation,
        @Default("null") int[] multiGrid) {

    /** The common options, with {@code base_width}/{@code width_per_group} resolved by the caller. */
    public ResNetOptions common() {
        return new ResNetOptions(depth, inChannels, stemChannels, baseChannels, null, numStages, strides,
                dilations, outIndices, style, deepStem, avgDown, frozenStages, convCfg, normCfg, normEval,
                withCp, zeroInitResidual, initCfg, pretrained, 0.0, contractDilation, multiGrid);
    }
}
