package io.mgd.core.nn.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.engine.onnx.OnnxExportable;
import io.mgd.core.engine.onnx.OnnxGraph;
import io.mgd.core.nn.MemoryFormat;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.Parameter;
import java.util.List;

/**
 * {@code torch.nn.Conv2d}: keys {@code weight} [out, in/groups, kh, kw] and optional {@code bias}.
 * Initialised like torch (kaiming-uniform with a=sqrt(5), bias U(-1/sqrt(fan_in), ..)).
 */
public final class Conv2d extends Module implements OnnxExportable {
    /**
     * Strided 1x1 convolutions with fewer input channels per group than this run on NCHW input. libtorch
     * 2.7.1's oneDNN computes their weight gradient on channels-last input past the end of its scratch space
     * when the channels do not fill one SIMD block (8 floats with AVX2, 16 with AVX-512; oneDNN issue #6035):
     * the step hangs, crashes or silently gets wrong gradients. NCHW takes oneDNN's blocked path, which is
     * right, and such inputs are small.
     */
    static final int MIN_CHANNELS_LAST_STRIDED_1X1 = 16;

    private final int inChannels;
    private final int outChannels;
    private final Shape kernel;
    private final Shape stride;
    private final Shape padding;
    private final Shape dilation;
    private final int groups;
    private final Parameter weight;
    private final Parameter bias;
    private final boolean nchwInput;

    /** A square conv; see {@link #Conv2d(NDManager, int, int, int[], int[], int[], int[], int, boolean)}. */
    public Conv2d(NDManager manager, int in, int out, int kernel, int stride, int padding,
            int dilation, int groups, boolean bias) {
        this(manager, in, out, new int[] {kernel, kernel}, new int[] {stride, stride},
                new int[] {padding, padding}, new int[] {dilation, dilation}, groups, bias);
    }

    /** A conv with per-axis (h, w) kernel, stride, padding and dilation. */
    public Conv2d(NDManager manager, int in, int out, int[] kernel, int[] stride, int[] padding,
            int[] dilation, int groups, boolean bias) {
        super(manager);
        if (in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException("in_channels " + in + " and out_channels " + out
                    + " must be divisible by groups " + groups);
        }
        this.inChannels = in;
        this.outChannels = out;
        this.kernel = new Shape(kernel[0], kernel[1]);
        this.stride = new Shape(stride[0], stride[1]);
        this.padding = new Shape(padding[0], padding[1]);
        this.dilation = new Shape(dilation[0], dilation[1]);
        this.groups = groups;
        this.nchwInput = kernel[0] == 1 && kernel[1] == 1 && (stride[0] > 1 || stride[1] > 1)
                && in / groups < MIN_CHANNELS_LAST_STRIDED_1X1;
        long fanIn = (long) (in / groups) * kernel[0] * kernel[1];
        float bound = (float) (1.0 / Math.sqrt(fanIn));
        this.weight = registerParameter("weight",
                manager.randomUniform(-bound, bound, new Shape(out, in / groups, kernel[0], kernel[1])));
        this.bias = bias ? registerParameter("bias", manager.randomUniform(-bound, bound, new Shape(out)))
                : null;
    }

    @Override
    protected NDList forwardInternal(NDList inputs) {
        NDArray x = nchwInput ? MemoryFormat.CONTIGUOUS_FORMAT.apply(inputs.head()) : inputs.head();
        return ai.djl.nn.convolutional.Conv2d.conv2d(x, weight.data(),
                bias == null ? null : bias.data(), stride, padding, dilation, groups);
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias parameter, or null when built without one. */
    public Parameter bias() {
        return bias;
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    public int groups() {
        return groups;
    }

    public Shape kernelSize() {
        return kernel;
    }

    public Shape stride() {
        return stride;
    }

    public Shape padding() {
        return padding;
    }

    public Shape dilation() {
        return dilation;
    }

    /** {@inheritDoc} */
    @Override
    public List<String> torchTypeNames() {
        return List.of("Conv2d", "_ConvNd");
    }

    /** ONNX {@code Conv} with this layer's kernel, strides, pads, dilations and group. */
    @Override
    public List<String> exportOnnx(OnnxGraph g, List<String> inputs) {
        List<String> in = new java.util.ArrayList<>(List.of(inputs.get(0), g.weight(this, "weight", weight.data())));
        if (bias != null) {
            in.add(g.weight(this, "bias", bias.data()));
        }
        return List.of(g.node("Conv", in, OnnxGraph.attrs("dilations", dilation.getShape(), "group", groups,
                "kernel_shape", kernel.getShape(), "pads", OnnxGraph.pads(padding.get(0), padding.get(1)),
                "strides", stride.getShape())));
    }
}
