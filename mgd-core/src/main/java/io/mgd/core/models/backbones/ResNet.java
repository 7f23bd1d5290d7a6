package io.mgd.core.models.backbones;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.engine.onnx.OnnxExportable;
import io.mgd.core.engine.onnx.OnnxGraph;
import io.mgd.core.nn.Intermediates;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.Parameter;
import io.mgd.core.nn.bricks.ConvModule;
import io.mgd.core.nn.bricks.NormLayers;
import io.mgd.core.nn.init.Init;
import io.mgd.core.nn.init.InitCfg;
import io.mgd.core.nn.init.InitWeights;
import io.mgd.core.nn.layers.BatchNorm2d;
import io.mgd.core.nn.layers.Conv2d;
import io.mgd.core.nn.layers.ReLU;
import io.mgd.core.nn.layers.Sequential;
import java.util.ArrayList;
import java.util.List;

/**
 * The MMLab ResNet family (mmcls 0.19 {@code ResNet}/{@code ResNetV1d}/{@code ResNet_CIFAR},
 * mmseg {@code ResNetV1c}, mmdet {@code ResNeXt}); one class serves classification, detection
 * and segmentation. Children, in state-dict order: the stem ({@code conv1}, {@code bn1},
 * {@code relu}, or {@code stem}), {@code maxpool} (not for CIFAR), {@code layer1..layerN}, each a
 * Sequential of {@link BasicBlock}s or {@link Bottleneck}s. See {@link ResNetVariant} for the two
 * deep-stem/avg_down key layouts.
 *
 * <p>{@link #forward} returns the outputs of the {@code out_indices} stages, in stage order.
 * {@link #train(boolean)} re-applies {@code frozen_stages} and {@code norm_eval} as mmcv does.
 * Construction runs {@link #initWeights()}.
 */
public final class ResNet extends Module implements InitWeights, OnnxExportable {
    private final ResNetSpec spec;
    private final Module stem;
    private final Conv2d conv1;
    private final Module norm1;
    private final ReLU relu;
    private final Module maxpool;
    private final List<Sequential> layers = new ArrayList<>();
    private final List<Module> blocks = new ArrayList<>();
    private final int[] stageChannels;

    /** Builds the network; parameters live in {@code manager}. */
    public ResNet(NDManager manager, ResNetSpec spec) {
        super(manager);
        this.spec = spec;
        ConfigDict normCfg = spec.normCfg();
        int in = spec.inChannels();
        int stemCh = spec.stemChannels();
        if (spec.deepStem()) {
            stem = registerModule("stem", deepStem(manager, in, stemCh, normCfg, spec.variant().mmclsLayout()));
            conv1 = null;
            norm1 = null;
            relu = null;
        } else {
            stem = null;
            boolean cifar = spec.variant().cifarStem();
            conv1 = registerModule("conv1", cifar ? new Conv2d(manager, in, stemCh, 3, 1, 1, 1, 1, false)
                    : new Conv2d(manager, in, stemCh, 7, 2, 3, 1, 1, false));
            NormLayers.Named n = NormLayers.build(manager, normCfg, stemCh, "1");
            norm1 = registerModule(n.name(), n.module());
            relu = registerModule("relu", new ReLU(manager));
        }
        maxpool = spec.variant().cifarStem() ? null : registerModule("maxpool", new io.mgd.core.nn.layers.MaxPool2d(manager, 3, 2, 1));
        int expansion = spec.blockExpansion();
        int inCh = stemCh;
        int outCh = spec.baseChannels() * expansion;
        stageChannels = new int[spec.numStages()];
        int[] blocksPerStage = ResNetSpec.ARCH.get(spec.depth());
        for (int i = 0; i < spec.numStages(); i++) {
            int[] grid = i == spec.numStages() - 1 ? spec.multiGrid() : null;
            Sequential layer = makeLayer(manager, blocksPerStage[i], inCh, outCh, spec.strides()[i],
                    spec.dilations()[i], grid);
            layers.add(registerModule("layer" + (i + 1), layer));
            stageChannels[i] = outCh;
            inCh = outCh;
            outCh *= 2;
        }
        freezeStages();
        initWeights();
    }

    private static Sequential deepStem(NDManager m, int in, int ch, ConfigDict normCfg, boolean mmcls) {
        int half = ch / 2;
        int[][] convs = {{in, half, 2}, {half, half, 1}, {half, ch, 1}};
        Sequential s = new Sequential(m);
        for (int[] c : convs) {
            if (mmcls) {
                // mmcls: three ConvModules → stem.0.conv.weight, stem.0.bn.*
                s.add(new ConvModule(m, c[0], c[1], 3, c[2], 1, 1, 1, "auto", normCfg, ConfigDict.of("type", "ReLU")));
            } else {
                // mmdet/mmseg: a flat Sequential → stem.0.weight, stem.1.*, stem.2 = relu, …
                s.add(new Conv2d(m, c[0], c[1], 3, c[2], 1, 1, 1, false));
                s.add(NormLayers.build(m, normCfg, c[1], "").module());
                s.add(new ReLU(m));
            }
        }
        return s;
    }

    private Sequential makeLayer(NDManager m, int numBlocks, int in, int out, int stride, int dilation, int[] grid) {
        ConfigDict normCfg = spec.normCfg();
        Module downsample = null;
        if (stride != 1 || in != out) {
            Sequential ds = new Sequential(m);
            int convStride = stride;
            // mmcls pools only when striding; mmdet/mmseg pool whenever avg_down is set (kernel = stride).
            if (spec.avgDown() && (stride != 1 || !spec.variant().mmclsLayout())) {
                ds.add(new io.mgd.core.nn.layers.AvgPool2d(m, new int[] {stride, stride}, new int[] {stride, stride},
                        new int[] {0, 0}, true, false));
                convStride = 1;
            }
            ds.add(new Conv2d(m, in, out, 1, convStride, 0, 1, 1, false));
            ds.add(NormLayers.build(m, normCfg, out, "").module());
            downsample = ds;
        }
        Sequential layer = new Sequential(m);
        for (int j = 0; j < numBlocks; j++) {
            int d;
            if (grid != null) {
                d = grid[j];
            } else if (j == 0 && dilation > 1 && spec.contractDilation()) {
                d = dilation / 2;
            } else {
                d = dilation;
            }
            Module block = makeBlock(m, j == 0 ? in : out, out, j == 0 ? stride : 1, d, j == 0 ? downsample : null);
            blocks.add(block);
            layer.add(block);
        }
        return layer;
    }

    private Module makeBlock(NDManager m, int in, int out, int stride, int dilation, Module downsample) {
        if (ResNetSpec.basic(spec.depth())) {
            return new BasicBlock(m, in, out, stride, dilation, downsample, spec.normCfg());
        }
        int planes = out / spec.blockExpansion();
        int mid = spec.groups() == 1 ? planes
                : (int) Math.floor(planes * ((double) spec.baseWidth() / spec.baseChannels())) * spec.groups();
        return new Bottleneck(m, in, mid, out, stride, dilation, spec.groups(), "caffe".equals(spec.style()),
                downsample, spec.normCfg());
    }

    @Override
    protected NDList forwardInternal(NDList inputs) {
        NDArray x = inputs.head();
        Intermediates t = intermediates(inputs);
        if (stem != null) {
            x = stem.forward(x);
        } else {
            x = t.consume(relu, t.consume(norm1, conv1.forward(x)));
        }
        if (maxpool != null) {
            x = t.consume(maxpool, x);
        }
        NDList outs = new NDList();
        for (int i = 0; i < layers.size(); i++) {
            // A stage output in out_indices is returned, so only the others are freed.
            x = i > 0 && spec.isOut(i - 1) ? layers.get(i).forward(x) : t.consume(layers.get(i), x);
            if (spec.isOut(i)) {
                outs.add(x);
            }
        }
        return outs;
    }

    /** Sets the mode, then re-freezes frozen stages and, in training, puts BNs in eval if norm_eval. */
    @Override
    public ResNet train(boolean mode) {
        super.train(mode);
        freezeStages();
        if (mode && spec.normEval()) {
            for (Module m : namedModules().values()) {
                if (m instanceof BatchNorm2d) {
                    m.eval();
                }
            }
        }
        return this;
    }

    private void freezeStages() {
        if (spec.frozenStages() >= 0) {
            if (stem != null) {
                freeze(stem);
            } else {
                norm1.eval();
                freeze(conv1);
                freeze(norm1);
            }
        }
        for (int i = 1; i <= spec.frozenStages(); i++) {
            freeze(layers.get(i - 1));
        }
    }

    private static void freeze(Module m) {
        m.eval();
        for (Parameter p : m.namedParameters().values()) {
            p.setRequiresGrad(false);
        }
    }

    /**
     * mmcls {@code ResNet.init_weights}: the init_cfg (default Kaiming fan_out normal on convs,
     * constant 1 on norms), then, unless Pretrained, zero weight and bias on the last norm of each
     * block when zero_init_residual holds. A Pretrained init_cfg is left to the checkpoint loader
     * ({@link #pretrainedCheckpoint()}).
     */
    @Override
    public void initWeights() {
        InitCfg.apply(this, spec.initCfg(), spec.owner());
        if (InitCfg.isPretrained(spec.initCfg()) || !spec.zeroInitResidual()) {
            return;
        }
        for (Module b : blocks) {
            Module last = b instanceof BasicBlock bb ? bb.lastNorm() : ((Bottleneck) b).lastNorm();
            for (Parameter p : last.ownParameters().values()) {
                Init.constant(p, 0);
            }
        }
    }

    /** The checkpoint of a Pretrained init_cfg (or the deprecated {@code pretrained}), or null. */
    public String pretrainedCheckpoint() {
        return InitCfg.pretrainedCheckpoint(spec.initCfg());
    }

    @Override
    public String pretrainedPrefix() {
        return InitCfg.pretrainedPrefix(spec.initCfg());
    }

    /** The resolved configuration. */
    public ResNetSpec spec() {
        return spec;
    }

    /** Output channels of stage {@code i} (0-based). */
    public int stageChannels(int i) {
        return stageChannels[i];
    }

    /** Output channels of the last stage (mmcls {@code feat_dim}). */
    public int featDim() {
        return stageChannels[stageChannels.length - 1];
    }

    /** The stem, the max pool and the stages; one output per {@code out_indices} entry. */
    @Override
    public List<String> exportOnnx(OnnxGraph g, List<String> inputs) {
        String x = inputs.get(0);
        x = stem != null ? g.call(stem, x) : g.call(relu, g.call(norm1, g.call(conv1, x)));
        if (maxpool != null) {
            x = g.call(maxpool, x);
        }
        List<String> outs = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            x = g.call(layers.get(i), x);
            if (spec.isOut(i)) {
                outs.add(x);
            }
        }
        return outs;
    }
}
