package io.mgd.core.models.backbones;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import java.util.Arrays;
import java.util.Map;

/**
 * A resolved, checked ResNet configuration (what {@link ResNetVariant#resolve} makes of the config
 * arguments). Invalid values fail with a {@link ConfigException} naming {@code owner}.
 *
 * @param owner the component name for errors, e.g. {@code backbones.ResNet}
 * @param expansion null for the block default (1 BasicBlock, 4 Bottleneck)
 * @param initCfg the effective init_cfg (null, a dict or a list of dicts)
 * @param zeroInitResidual whether init zeroes the last norm of every block
 * @param multiGrid dilations of the last stage's blocks, or null
 */
public record ResNetSpec(String owner, ResNetVariant variant, int depth, int inChannels, int stemChannels,
        int baseChannels, Integer expansion, int numStages, int[] strides, int[] dilations, int[] outIndices,
        String style, boolean deepStem, boolean avgDown, int frozenStages, ConfigDict normCfg, boolean normEval,
        boolean zeroInitResidual, Object initCfg, boolean contractDilation, int[] multiGrid, int groups,
        int baseWidth) {

    /** depth → stage block counts; 18/34 use BasicBlock, the rest Bottleneck. */
    static final Map<Integer, int[]> ARCH = Map.of(18, new int[] {2, 2, 2, 2}, 34, new int[] {3, 4, 6, 3},
            50, new int[] {3, 4, 6, 3}, 101, new int[] {3, 4, 23, 3}, 152, new int[] {3, 8, 36, 3});

    public ResNetSpec {
        int[] valid = variant == ResNetVariant.RESNEXT ? new int[] {50, 101, 152} : new int[] {18, 34, 50, 101, 152};
        if (Arrays.stream(valid).noneMatch(d -> d == depth)) {
            throw new ConfigException(owner + ": invalid depth " + depth + " for resnet; valid depths are "
                    + Arrays.toString(valid));
        }
        if (numStages < 1 || numStages > 4) {
            throw new ConfigException(owner + ": num_stages must be in [1, 4], got " + numStages);
        }
        if (strides.length != numStages || dilations.length != numStages) {
            throw new ConfigException(owner + ": strides " + Arrays.toString(strides) + " and dilations "
                    + Arrays.toString(dilations) + " must both have num_stages=" + numStages + " entries");
        }
        if (outIndices.length == 0) {
            throw new ConfigException(owner + ": out_indices must not be empty");
        }
        for (int i : outIndices) {
            if (i < 0 || i >= numStages) {
                throw new ConfigException(owner + ": out_indices " + Arrays.toString(outIndices)
                        + " must be stage indices in [0, " + (numStages - 1) + "]");
            }
        }
        if (!"pytorch".equals(style) && !"caffe".equals(style)) {
            throw new ConfigException(owner + ": style must be 'pytorch' or 'caffe', got '" + style + "'");
        }
        if (frozenStages < -1 || frozenStages > numStages) {
            throw new ConfigException(owner + ": frozen_stages must be in [-1, " + numStages + "], got " + frozenStages);
        }
        if (expansion != null && (expansion <= 0 || (basic(depth) && expansion != 1))) {
            throw new ConfigException(owner + ": expansion " + expansion + " is invalid"
                    + (basic(depth) ? "; BasicBlock (depth 18/34) needs 1" : "; it must be positive"));
        }
        if (stemChannels <= 0 || (deepStem && stemChannels % 2 != 0)) {
            throw new ConfigException(owner + ": stem_channels must be positive (and even with deep_stem), got "
                    + stemChannels);
        }
        int lastBlocks = ARCH.get(depth)[numStages - 1];
        if (multiGrid != null && multiGrid.length != lastBlocks) {
            throw new ConfigException(owner + ": multi_grid " + Arrays.toString(multiGrid) + " must give one dilation"
                    + " per block of the last stage (" + lastBlocks + ")");
        }
        if (groups < 1 || baseWidth < 1) {
            throw new ConfigException(owner + ": groups and base_width must be positive, got " + groups + ", " + baseWidth);
        }
        if (normCfg == null) {
            throw new ConfigException(owner + ": norm_cfg must be a dict, got None");
        }
    }

    static boolean basic(int depth) {
        return depth == 18 || depth == 34;
    }

    /** The block expansion after defaults. */
    public int blockExpansion() {
        return expansion != null ? expansion : basic(depth) ? 1 : 4;
    }

    /** Whether {@code i} is an output stage. */
    boolean isOut(int i) {
        return Arrays.stream(outIndices).anyMatch(x -> x == i);
    }
}
