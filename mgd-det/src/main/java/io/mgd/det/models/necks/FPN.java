package io.mgd.det.models.necks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.engine.onnx.OnnxExportable;
import io.mgd.core.engine.onnx.OnnxGraph;
import io.mgd.core.engine.onnx.OnnxResize;
import io.mgd.core.nn.Module;
import io.mgd.core.util.MgdException;
import io.mgd.core.nn.bricks.ConvModule;
import io.mgd.core.nn.functional.F;
import io.mgd.core.nn.init.InitCfg;
import io.mgd.core.nn.layers.ModuleList;
import io.mgd.core.registry.Default;
import java.util.ArrayList;
import java.util.List;

/**
 * mmdet 2.x {@code FPN}: 1×1 {@code lateral_convs.i} and 3×3 {@code fpn_convs.i} ConvModules for
 * backbone levels {@code start_level .. backbone_end_level-1}, a top-down pass that upsamples
 * level i onto level i−1 ({@code upsample_cfg}) and adds, then extra levels: max-pool (kernel 1,
 * stride 2) without extra convs, else 3×3 stride-2 {@code fpn_convs} on the source
 * ('on_input' C_last, 'on_lateral', 'on_output') and then on the previous output (ReLU first
 * when {@code relu_before_extra_convs}). {@code end_level} is exclusive, as in mmdet ≤ 2.2x.
 * Input and output: an {@link NDList} of levels. {@code init_cfg} is applied on construction.
 */
public final class FPN extends Module implements OnnxExportable {
    private final Options o;
    private final String extraSource; // null, on_input, on_lateral, on_output
    private final int backboneEndLevel;
    private final ModuleList lateralConvs;
    private final ModuleList fpnConvs;

    /** mmdet's constructor arguments ({@code add_extra_convs}: bool or one of the source names). */
    public record Options(List<Integer> inChannels, int outChannels, int numOuts, @Default("0") int startLevel,
            @Default("-1") int endLevel, @Default("false") Object addExtraConvs,
            @Default("false") boolean reluBeforeExtraConvs, @Default("false") boolean noNormOnLateral,
            @Default("null") ConfigDict convCfg, @Default("null") ConfigDict normCfg,
            @Default("null") ConfigDict actCfg, @Default("{mode: nearest}") ConfigDict upsampleCfg,
            @Default("{type: Xavier, layer: Conv2d, distribution: uniform}") Object initCfg) {}

    public FPN(NDManager manager, Options o) {
        super(manager);
        this.o = o;
        int numIns = o.inChannels().size();
        if (o.endLevel() == -1) {
            backboneEndLevel = numIns;
            if (o.numOuts() < numIns - o.startLevel()) {
                throw new ConfigException("FPN: num_outs " + o.numOuts() + " must be >= len(in_channels) - start_level = "
                        + (numIns - o.startLevel()));
            }
        } else {
            backboneEndLevel = o.endLevel();
            if (o.endLevel() > numIns || o.numOuts() != o.endLevel() - o.startLevel()) {
                throw new ConfigException("FPN: with end_level " + o.endLevel() + " need end_level <= len(in_channels) = "
                        + numIns + " and num_outs == end_level - start_level, got num_outs " + o.numOuts());
            }
        }
        Object extra = o.addExtraConvs();
        if (extra instanceof Boolean b) {
            extraSource = b ? "on_input" : null;
        } else if ("on_input".equals(extra) || "on_lateral".equals(extra) || "on_output".equals(extra)) {
            extraSource = (String) extra;
        } else {
            throw new ConfigException("FPN: add_extra_convs must be a bool or one of 'on_input', 'on_lateral', "
                    + "'on_output', got " + ConfigDict.describe(extra));
        }
        if (o.convCfg() != null && !List.of("Conv2d", "Conv").contains(o.convCfg().get("type"))) {
            throw new ConfigException("FPN: conv_cfg type must be Conv2d (or Conv), got " + o.convCfg());
        }
        String mode = o.upsampleCfg().getString("mode", "nearest");
        if (!"nearest".equals(mode) && !"bilinear".equals(mode)) {
            throw new ConfigException("FPN: upsample_cfg mode must be 'nearest' or 'bilinear', got '" + mode + "'");
        }
        lateralConvs = registerModule("lateral_convs", new ModuleList(manager));
        fpnConvs = registerModule("fpn_convs", new ModuleList(manager));
        int c = o.outChannels();
        for (int i = o.startLevel(); i < backboneEndLevel; i++) {
            lateralConvs.add(new ConvModule(manager, o.inChannels().get(i), c, 1, 1, 0, 1, 1, "auto",
                    o.noNormOnLateral() ? null : o.normCfg(), o.actCfg()));
            fpnConvs.add(new ConvModule(manager, c, c, 3, 1, 1, 1, 1, "auto", o.normCfg(), o.actCfg()));
        }
        int extraLevels = o.numOuts() - backboneEndLevel + o.startLevel();
        if (extraSource != null) {
            for (int i = 0; i < extraLevels; i++) {
                int in = i == 0 && "on_input".equals(extraSource) ? o.inChannels().get(backboneEndLevel - 1) : c;
                fpnConvs.add(new ConvModule(manager, in, c, 3, 2, 1, 1, 1, "auto", o.normCfg(), o.actCfg()));
            }
        }
        if (o.initCfg() != null) {
            InitCfg.apply(this, o.initCfg());
        }
    }

    @Override
    protected NDList forwardInternal(NDList inputs) {
        if (inputs.size() != o.inChannels().size()) {
            throw new IllegalArgumentException("FPN expects " + o.inChannels().size() + " input levels, got "
                    + inputs.size());
        }
        List<NDArray> laterals = new ArrayList<>();
        for (int i = 0; i < lateralConvs.size(); i++) {
            laterals.add(lateralConvs.get(i).forward(inputs.get(i + o.startLevel())));
        }
        int used = laterals.size();
        for (int i = used - 1; i > 0; i--) {
            laterals.set(i - 1, laterals.get(i - 1).add(upsample(laterals.get(i), laterals.get(i - 1))));
        }
        NDList outs = new NDList();
        for (int i = 0; i < used; i++) {
            outs.add(fpnConvs.get(i).forward(laterals.get(i)));
        }
        if (o.numOuts() > outs.size()) {
            if (extraSource == null) {
                for (int i = 0; i < o.numOuts() - used; i++) {
                    // max_pool2d(kernel 1, stride 2) is exactly the strided slice [::2, ::2]
                    outs.add(outs.get(outs.size() - 1).get(":, :, ::2, ::2"));
                }
            } else {
                NDArray src = switch (extraSource) {
                    case "on_input" -> inputs.get(backboneEndLevel - 1);
                    case "on_lateral" -> laterals.get(used - 1);
                    default -> outs.get(outs.size() - 1);
                };
                outs.add(fpnConvs.get(used).forward(src));
                for (int i = used + 1; i < o.numOuts(); i++) {
                    NDArray prev = outs.get(outs.size() - 1);
                    outs.add(fpnConvs.get(i).forward(o.reluBeforeExtraConvs() ? F.relu(prev) : prev));
                }
            }
        }
        return outs;
    }

    private NDArray upsample(NDArray x, NDArray like) {
        ConfigDict u = o.upsampleCfg();
        String mode = u.getString("mode", "nearest");
        Boolean alignCorners = (Boolean) u.get("align_corners");
        Object sf = u.get("scale_factor");
        double[] scale = null;
        if (sf instanceof Number n) {
            scale = new double[] {n.doubleValue(), n.doubleValue()};
        } else if (sf instanceof List<?> l) {
            scale = new double[] {((Number) l.get(0)).doubleValue(), ((Number) l.get(1)).doubleValue()};
        }
        if ("nearest".equals(mode)) {
            if (alignCorners != null) {
                throw new ConfigException("FPN upsample_cfg: align_corners can only be set with bilinear mode");
            }
            if (scale == null) {
                return NearestUpsample.resize(x, like.getShape().get(2), like.getShape().get(3), null, null);
            }
            return NearestUpsample.resize(x, (long) Math.floor(x.getShape().get(2) * scale[0]),
                    (long) Math.floor(x.getShape().get(3) * scale[1]), scale[0], scale[1]);
        }
        if (scale != null) {
            return F.interpolate(x, scale, mode, alignCorners);
        }
        return F.interpolate(x, new long[] {like.getShape().get(2), like.getShape().get(3)}, mode, alignCorners);
    }

    /**
     * The ONNX form of {@link #forward}: lateral convs, the top-down {@code Resize} to the lower
     * level's size and {@code Add}, the fpn convs, and the extra levels ({@code MaxPool} kernel 1
     * stride 2, or the stride-2 convs with an optional {@code Relu}).
     */
    @Override
    public List<String> exportOnnx(OnnxGraph g, List<String> inputs) {
        List<String> laterals = new ArrayList<>();
        for (int i = 0; i < lateralConvs.size(); i++) {
            laterals.add(g.call(lateralConvs.get(i), inputs.get(i + o.startLevel())));
        }
        int used = laterals.size();
        for (int i = used - 1; i > 0; i--) {
            laterals.set(i - 1, g.node("Add", laterals.get(i - 1), exportUpsample(g, laterals.get(i),
                    laterals.get(i - 1))));
        }
        List<String> outs = new ArrayList<>();
        for (int i = 0; i < used; i++) {
            outs.add(g.call(fpnConvs.get(i), laterals.get(i)));
        }
        if (o.numOuts() > outs.size()) {
            if (extraSource == null) {
                for (int i = 0; i < o.numOuts() - used; i++) {
                    outs.add(g.node("MaxPool", List.of(outs.get(outs.size() - 1)), OnnxGraph.attrs(
                            "kernel_shape", new long[] {1, 1}, "strides", new long[] {2, 2})));
                }
            } else {
                String src = switch (extraSource) {
                    case "on_input" -> inputs.get(backboneEndLevel - 1);
                    case "on_lateral" -> laterals.get(used - 1);
                    default -> outs.get(outs.size() - 1);
                };
                outs.add(g.call(fpnConvs.get(used), src));
                for (int i = used + 1; i < o.numOuts(); i++) {
                    String prev = outs.get(outs.size() - 1);
                    outs.add(g.call(fpnConvs.get(i), o.reluBeforeExtraConvs() ? g.node("Relu", prev) : prev));
                }
            }
        }
        return outs;
    }

    private String exportUpsample(OnnxGraph g, String x, String like) {
        ConfigDict u = o.upsampleCfg();
        if (u.get("scale_factor") != null) {
            throw new MgdException("cannot export '" + g.currentPath() + "' (FPN) to ONNX: upsample_cfg.scale_factor "
                    + "is not supported; the default (resize to the lower level's size) is");
        }
        String mode = u.getString("mode", "nearest");
        return OnnxResize.like(g, x, like, mode, Boolean.TRUE.equals(u.get("align_corners")));
    }

    /** Number of output levels. */
    public int numOuts() {
        return o.numOuts();
    }

    public ModuleList lateralConvs() {
        return lateralConvs;
    }

    public ModuleList fpnConvs() {
        return fpnConvs;
    }
}
