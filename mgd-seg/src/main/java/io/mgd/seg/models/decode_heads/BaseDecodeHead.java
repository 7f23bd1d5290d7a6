package io.mgd.seg.models.decode_heads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.engine.onnx.OnnxExportable;
import io.mgd.core.engine.onnx.OnnxGraph;
import io.mgd.core.engine.onnx.OnnxResize;
import io.mgd.core.nn.Module;
import io.mgd.core.util.MgdException;
import io.mgd.core.nn.Parameter;
import io.mgd.core.nn.bricks.ConvModule;
import io.mgd.core.nn.init.Init;
import io.mgd.core.nn.init.InitCfg;
import io.mgd.core.nn.init.InitWeights;
import io.mgd.core.nn.layers.Conv2d;
import io.mgd.core.nn.layers.Dropout2d;
import io.mgd.core.nn.layers.ModuleList;
import io.mgd.core.registry.BuildContext;
import io.mgd.seg.SegRegistries;
import io.mgd.seg.models.losses.Accuracy;
import io.mgd.seg.models.losses.DecodeLoss;
import io.mgd.seg.ops.Resize;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * mmseg 0.20 {@code BaseDecodeHead}. Children in mmseg's order: {@code loss_decode} (a loss or
 * a ModuleList of losses, no parameters), {@code conv_seg} (1×1 conv with bias), {@code dropout}
 * (Dropout2d, when {@code dropout_ratio > 0}), then the subclass's modules; so state-dict keys
 * start with {@code conv_seg.weight}, {@code conv_seg.bias}.
 *
 * <p>{@link #forward} takes the backbone/neck outputs (all levels) and returns the logits at
 * feature resolution. {@link #losses} resizes them bilinearly to the label size and returns
 * {@code loss_ce} (one entry per loss name, same names summed) and {@code acc_seg}.
 *
 * <p>Weights: construction ends with {@link #initWeights()}, mmcv's order: the head's
 * {@code init_cfg} (by default Normal(0, 0.01) on {@code conv_seg}, bias 0), then every
 * ConvModule's own init (Kaiming normal fan_out on the conv, norm weight 1 and bias 0).
 */
public abstract class BaseDecodeHead extends Module implements InitWeights, OnnxExportable {
    private final DecodeHeadArgs args;
    private final String owner;
    private final List<DecodeLoss> lossDecode = new ArrayList<>();
    private final Conv2d convSeg;
    private final Dropout2d dropout;
    private final List<Integer> inIndex;

    /**
     * @param owner the registry path used in errors, e.g. {@code heads.PSPHead}
     */
    protected BaseDecodeHead(BuildContext ctx, DecodeHeadArgs args, String owner) {
        super(ctx.manager());
        this.args = args;
        this.owner = owner;
        this.inIndex = args.inIndices();
        Object ld = args.lossDecode();
        if (ld instanceof ConfigDict d) {
            Module loss = ctx.build(SegRegistries.LOSSES, d);
            lossDecode.add(asDecodeLoss(loss, d));
            registerModule("loss_decode", loss);
        } else {
            ModuleList list = new ModuleList(ctx.manager());
            for (Object o : (List<?>) ld) {
                if (!(o instanceof ConfigDict d)) {
                    throw new ConfigException(owner + ": loss_decode must be a dict or sequence of dict, but got an item "
                            + ConfigDict.describe(o));
                }
                Module loss = ctx.build(SegRegistries.LOSSES, d);
                lossDecode.add(asDecodeLoss(loss, d));
                list.add(loss);
            }
            registerModule("loss_decode", list);
        }
        this.convSeg = registerModule("conv_seg", new Conv2d(ctx.manager(), args.channels(), args.numClasses(), 1, 1, 0,
                1, 1, true));
        this.dropout = args.dropoutRatio() > 0
                ? registerModule("dropout", new Dropout2d(ctx.manager(), (float) args.dropoutRatio()))
                : null;
    }

    private DecodeLoss asDecodeLoss(Module loss, ConfigDict cfg) {
        if (!(loss instanceof DecodeLoss dl)) {
            throw new ConfigException(owner + ": loss_decode type " + cfg.get("type")
                    + " is not a segmentation loss");
        }
        return dl;
    }

    /** The head's logits (N×num_classes×h×w) from the multi-level features. */
    protected abstract NDArray decode(NDList inputs);

    @Override
    protected final NDList forwardInternal(NDList inputs) {
        return new NDList(decode(inputs));
    }

    /**
     * mmseg {@code _transform_inputs}: the {@code in_index} level; or the selected levels resized
     * bilinearly to the first one's size and concatenated ({@code resize_concat}); or the selected
     * levels as a list ({@code multiple_select}). Negative indices count from the end.
     */
    protected final NDList transformInputs(NDList inputs) {
        List<NDArray> picked = new ArrayList<>();
        for (int i : inIndex) {
            int j = i < 0 ? inputs.size() + i : i;
            if (j < 0 || j >= inputs.size()) {
                throw new IllegalArgumentException(owner + ": in_index " + i + " is out of range for "
                        + inputs.size() + " input feature maps");
            }
            picked.add(inputs.get(j));
        }
        if ("resize_concat".equals(args.inputTransform())) {
            NDArray first = picked.get(0);
            NDList resized = new NDList();
            for (NDArray x : picked) {
                resized.add(Resize.bilinearLike(x, first.getShape(), args.alignCorners()));
            }
            return new NDList(NDArrays.concat(resized, 1));
        }
        return new NDList(picked);
    }

    /** {@link #transformInputs} for heads that decode a single map. */
    protected final NDArray singleInput(NDList inputs) {
        if ("multiple_select".equals(args.inputTransform())) {
            throw new IllegalArgumentException(owner + ": input_transform 'multiple_select' is not supported by "
                    + "this head, which decodes a single feature map");
        }
        return transformInputs(inputs).head();
    }

    /** mmseg {@code cls_seg}: dropout (training only) then {@code conv_seg}. */
    protected final NDArray clsSeg(NDArray feat) {
        NDArray x = dropout != null ? dropout.forward(feat) : feat;
        return convSeg.forward(x);
    }

    /**
     * The ONNX form of {@link #forward}: {@link #transformInputs} ({@code in_index} selection, or
     * {@code resize_concat}), then the head's {@link #exportDecode}.
     */
    @Override
    public final List<String> exportOnnx(OnnxGraph g, List<String> inputs) {
        if ("multiple_select".equals(args.inputTransform())) {
            throw new MgdException("cannot export '" + g.currentPath() + "' (" + owner + ") to ONNX: input_transform "
                    + "'multiple_select' is not supported by this head");
        }
        List<String> picked = new ArrayList<>();
        for (int i : inIndex) {
            int j = i < 0 ? inputs.size() + i : i;
            if (j < 0 || j >= inputs.size()) {
                throw new MgdException(owner + ": in_index " + i + " is out of range for " + inputs.size()
                        + " input feature maps");
            }
            picked.add(inputs.get(j));
        }
        String x = picked.get(0);
        if ("resize_concat".equals(args.inputTransform())) {
            List<String> resized = new ArrayList<>();
            for (String p : picked) {
                resized.add(OnnxResize.like(g, p, picked.get(0), "bilinear", args.alignCorners()));
            }
            x = g.node("Concat", resized, OnnxGraph.attrs("axis", 1L));
        }
        return List.of(exportDecode(g, x));
    }

    /** The ONNX form of {@link #decode} on the transformed input {@code x}; returns the logits. */
    protected abstract String exportDecode(OnnxGraph g, String x);

    /** The ONNX form of {@link #clsSeg}: dropout (the identity in eval) then {@code conv_seg}. */
    protected final String exportClsSeg(OnnxGraph g, String feat) {
        return g.call(convSeg, dropout != null ? g.call(dropout, feat) : feat);
    }

    /** mmseg {@code forward_train}: logits, then {@link #losses}. */
    public LinkedHashMap<String, NDArray> forwardTrain(NDList inputs, NDArray gtSemanticSeg) {
        return losses(forward(inputs).head(), gtSemanticSeg);
    }

    /** mmseg {@code forward_test}: the logits at feature resolution. */
    public NDArray forwardTest(NDList inputs) {
        return forward(inputs).head();
    }

    /**
     * mmseg {@code losses}: logits resized bilinearly ({@code align_corners} of the head) to the
     * label's H×W, every loss of {@code loss_decode} (same names summed), then {@code acc_seg}.
     *
     * @param segLogit N×C×h×w
     * @param segLabel N×1×H×W integer labels
     */
    public LinkedHashMap<String, NDArray> losses(NDArray segLogit, NDArray segLabel) {
        if (segLabel.getShape().dimension() != 4 || segLabel.getShape().get(1) != 1) {
            throw new IllegalArgumentException(owner + ": gt_semantic_seg must be N×1×H×W, got " + segLabel.getShape());
        }
        NDArray logit = Resize.bilinearLike(segLogit, segLabel.getShape(), args.alignCorners());
        NDArray label = segLabel.squeeze(1);
        LinkedHashMap<String, NDArray> out = new LinkedHashMap<>();
        for (DecodeLoss loss : lossDecode) {
            NDArray v = loss.loss(logit, label, null, args.ignoreIndex());
            out.merge(loss.lossName(), v, NDArray::add);
        }
        out.put("acc_seg", Accuracy.accuracy(logit, label));
        return out;
    }

    /** The head's init_cfg, then each ConvModule's own init, as mmcv's init_weights. */
    @Override
    public void initWeights() {
        if (args.initCfg() != null) {
            InitCfg.apply(this, args.initCfg(), owner);
        }
        for (Module m : namedModules().values()) {
            if (m instanceof ConvModule cm) {
                Init.kaiming(cm.conv().weight(), 0, "fan_out", "relu", "normal");
                if (cm.conv().bias() != null) {
                    Init.constant(cm.conv().bias(), 0);
                }
                if (cm.norm() != null) {
                    Parameter w = cm.norm().ownParameters().get("weight");
                    Parameter b = cm.norm().ownParameters().get("bias");
                    if (w != null) {
                        Init.constant(w, 1);
                    }
                    if (b != null) {
                        Init.constant(b, 0);
                    }
                }
            }
        }
    }

    /** The shared arguments this head was built with. */
    public final DecodeHeadArgs args() {
        return args;
    }

    /** Channels the head's modules see (the sum for {@code resize_concat}). */
    protected final int inChannels() {
        return args.effectiveInChannels();
    }

    public final int channels() {
        return args.channels();
    }

    public final int numClasses() {
        return args.numClasses();
    }

    public final boolean alignCorners() {
        return args.alignCorners();
    }

    public final int ignoreIndex() {
        return args.ignoreIndex();
    }

    /** The losses of {@code loss_decode}, in order. */
    public final List<DecodeLoss> lossDecode() {
        return List.copyOf(lossDecode);
    }

    public final Conv2d convSeg() {
        return convSeg;
    }

    /** A ConvModule with this head's conv/norm/act configs. */
    protected final ConvModule convModule(int in, int out, int kernel, int padding, int dilation) {
        return new ConvModule(manager(), in, out, kernel, 1, padding, dilation, 1, "auto", args.normCfg(),
                args.actCfg());
    }

    /** The registry path used in error messages. */
    protected final String owner() {
        return owner;
    }
}
