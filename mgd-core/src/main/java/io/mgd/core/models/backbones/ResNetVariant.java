package io.mgd.core.models.backbones;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.nn.init.InitCfg;
import java.util.List;

/**
 * The registered ResNet type names, their defaults and their state-dict layout.
 *
 * <p>Two layouts exist in MMLab and differ only with {@code deep_stem} or {@code avg_down}:
 * <ul>
 *   <li><b>mmcls</b> ({@code ResNet}, {@code ResNetV1d}, {@code ResNet_CIFAR}): the deep stem is
 *       three ConvModules ({@code stem.0.conv.weight}, {@code stem.0.bn.*}, …), and avg_down adds
 *       an AvgPool to the downsample only when the stride is not 1.</li>
 *   <li><b>mmdet/mmseg</b> ({@code ResNetV1c}, {@code ResNeXt}): the deep stem is a plain
 *       Sequential of conv, norm, relu ×3 ({@code stem.0.weight}, {@code stem.1.*},
 *       {@code stem.3.weight}, …), and avg_down adds the AvgPool whenever set.</li>
 * </ul>
 * Plain {@code ResNet} configs of mmdet/mmseg (no deep stem, no avg_down) give identical keys in
 * both layouts, so {@code ResNet} serves all three tasks.
 */
public enum ResNetVariant {
    /** mmcls {@code ResNet}: out_indices (3,), norm_eval False, stem 64. */
    RESNET("ResNet", true, false, null, null, List.of(3), false),
    /** mmcls {@code ResNetV1d}: deep stem and avg_down, mmcls layout. */
    RESNET_V1D("ResNetV1d", true, false, true, true, List.of(3), false),
    /** mmcls {@code ResNet_CIFAR}: conv1 3x3 stride 1 and no maxpool; no deep stem. */
    RESNET_CIFAR("ResNet_CIFAR", true, true, null, null, List.of(3), false),
    /** mmseg {@code ResNetV1c}: deep stem without avg_down, mmseg layout and defaults. */
    RESNET_V1C("ResNetV1c", false, false, true, false, List.of(0, 1, 2, 3), false),
    /** mmdet {@code ResNeXt}: mmdet layout and defaults (norm_eval True). */
    RESNEXT("ResNeXt", false, false, null, null, List.of(0, 1, 2, 3), true);

    private final String typeName;
    private final boolean mmclsLayout;
    private final boolean cifarStem;
    private final Boolean forcedDeepStem;
    private final Boolean forcedAvgDown;
    private final List<Integer> defaultOutIndices;
    private final boolean defaultNormEval;

    ResNetVariant(String typeName, boolean mmclsLayout, boolean cifarStem, Boolean forcedDeepStem,
            Boolean forcedAvgDown, List<Integer> defaultOutIndices, boolean defaultNormEval) {
        this.typeName = typeName;
        this.mmclsLayout = mmclsLayout;
        this.cifarStem = cifarStem;
        this.forcedDeepStem = forcedDeepStem;
        this.forcedAvgDown = forcedAvgDown;
        this.defaultOutIndices = defaultOutIndices;
        this.defaultNormEval = defaultNormEval;
    }

    /** The registered type name. */
    public String typeName() {
        return typeName;
    }

    /** True for the mmcls key layout, false for mmdet/mmseg. */
    public boolean mmclsLayout() {
        return mmclsLayout;
    }

    boolean cifarStem() {
        return cifarStem;
    }

    /** The default init_cfg of MMLab ResNets: Kaiming on convs, constant 1 on norms. */
    static ConfigDict[] defaultInitCfg() {
        return new ConfigDict[] {ConfigDict.of("type", "Kaiming", "layer", List.of("Conv2d")),
            ConfigDict.of("type", "Constant", "val", 1, "layer", List.of("_BatchNorm", "GroupNorm"))};
    }

    /**
     * Resolves config options into a checked {@link ResNetSpec}.
     *
     * @param groups ResNeXt groups (1 for plain ResNets)
     * @param baseWidth ResNeXt base width (ignored when groups is 1)
     */
    public ResNetSpec resolve(ResNetOptions o, int groups, int baseWidth) {
        String owner = "backbones." + typeName;
        boolean deepStem = pick(owner, "deep_stem", forcedDeepStem, o.deepStem());
        boolean avgDown = pick(owner, "avg_down", forcedAvgDown, o.avgDown());
        if (cifarStem && deepStem) {
            throw new ConfigException(owner + ": ResNet_CIFAR does not support deep_stem");
        }
        int[] outIndices = o.outIndices() != null ? o.outIndices()
                : defaultOutIndices.stream().filter(i -> i < o.numStages()).mapToInt(Integer::intValue).toArray();
        boolean normEval = o.normEval() != null ? o.normEval() : defaultNormEval;
        // mmdet/mmseg fall back to base_channels when stem_channels is None; mmcls defaults to 64.
        int stem = o.stemChannels() != null ? o.stemChannels() : mmclsLayout ? 64 : o.baseChannels();
        if (o.convCfg() != null && !List.of("Conv", "Conv2d").contains(o.convCfg().get("type"))) {
            throw new ConfigException(owner + ": conv_cfg " + o.convCfg() + " is not supported; use null (Conv2d)");
        }
        if (o.dropPathRate() != 0.0) {
            throw new ConfigException(owner + ": drop_path_rate " + o.dropPathRate() + " is not supported; only 0");
        }
        if (o.pretrained() != null && o.initCfg() != null) {
            throw new ConfigException(owner + ": init_cfg and pretrained cannot be set at the same time");
        }
        Object initCfg;
        boolean zeroInit;
        if (o.pretrained() != null) {
            // Deprecated alias, as mmdet/mmseg: pretrained='x' means init_cfg=Pretrained(checkpoint='x').
            initCfg = ConfigDict.of("type", "Pretrained", "checkpoint", o.pretrained());
            zeroInit = false;
        } else if (o.initCfg() == null) {
            initCfg = List.of((Object[]) defaultInitCfg());
            zeroInit = o.zeroInitResidual();
        } else {
            initCfg = o.initCfg();
            // mmcls zero-inits unless Pretrained; mmdet/mmseg only with their own default init_cfg.
            zeroInit = mmclsLayout && o.zeroInitResidual() && !InitCfg.isPretrained(initCfg);
        }
        return new ResNetSpec(owner, this, o.depth(), o.inChannels(), stem, o.baseChannels(), o.expansion(),
                o.numStages(), o.strides(), o.dilations(), outIndices, o.style(), deepStem, avgDown,
                o.frozenStages(), o.normCfg(), normEval, zeroInit, initCfg, o.contractDilation(), o.multiGrid(),
                groups, baseWidth);
    }

    private static boolean pick(String owner, String key, Boolean forced, Boolean given) {
        if (forced == null) {
            return given != null && given;
        }
        if (given != null && !given.equals(forced)) {
            throw new ConfigException(owner + ": '" + key + "' is fixed to " + (forced ? "True" : "False")
                    + " by this variant, got " + (given ? "True" : "False"));
        }
        return forced;
    }

}
