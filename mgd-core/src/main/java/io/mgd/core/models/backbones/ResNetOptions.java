package io.mgd.core.models.backbones;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.registry.Default;

/**
 * The config arguments of {@code ResNet}, {@code ResNetV1d}, {@code ResNetV1c} and
 * {@code ResNet_CIFAR} (mmcls 0.19 names, plus the mmdet/mmseg {@code pretrained},
 * {@code contract_dilation} and {@code multi_grid}). Arguments whose default depends on the
 * registered variant ({@code stem_channels}, {@code out_indices}, {@code deep_stem},
 * {@code avg_down}, {@code norm_eval}) default to null here and are resolved by
 * {@link ResNetVariant}. {@code init_cfg: null} means the variant's default init.
 *
 * @param withCp accepted for config compatibility and ignored: gradient checkpointing only saves
 *     memory and does not change results
 * @param convCfg only null (or {@code {type: Conv2d}}) is supported
 * @param dropPathRate only 0 is supported
 */
public record ResNetOptions(
        int depth,
        @Default("3") int inChannels,
        @Default("null") Integer stemChannels,
        @Default("64") int baseChannels,
        @Default("null") Integer expansion,
        @Default("4") int numStages,
        @Default("[1, 2, 2, 2]") int[] strides,
        @Default("[1, 1, 1, 1]") int[] dilations,
        @Default("null") int[] outIndices,
        @Default("pytorch") String style,
        @Default("null") Boolean deepStem,
        @Default("null") Boolean avgDown,
        @Default("-1") int frozenStages,
        @Default("null") ConfigDict convCfg,
        @Default("{type: BN, requires_grad: true}") ConfigDict normCfg,
        @Default("null") Boolean normEval,
        @Default("false") boolean withCp,
        @Default("true") boolean zeroInitResidual,
        @Default("null") Object initCfg,
        @Default("null") String pretrained,
        @Default("0.0") double dropPathRate,
        @Default("false") boolean contractDilation,
        @Default("null") int[] multiGrid) {}
