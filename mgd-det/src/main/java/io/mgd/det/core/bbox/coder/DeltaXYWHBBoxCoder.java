package io.mgd.det.core.bbox.coder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.config.ConfigException;
import io.mgd.core.registry.Default;
import java.util.List;

/**
 * mmdet's {@code DeltaXYWHBBoxCoder} ({@code bbox2delta}/{@code delta2bbox}): deltas
 * (dx, dy, dw, dh) = ((gx − px)/pw, (gy − py)/ph, log(gw/pw), log(gh/ph)), normalised by
 * {@code (d − mean)/std}; widths are x2 − x1. Decoding clamps dw, dh to ±|log(wh_ratio_clip)|
 * (with {@code add_ctr_clamp}: the centre shift to ±ctr_clamp pixels and dw, dh only from
 * above) and clips to the image when {@code clip_border}. Differentiable in {@code pred}.
 */
public final class DeltaXYWHBBoxCoder implements BboxCoder {
    /** mmdet's default {@code wh_ratio_clip}. */
    public static final double WH_RATIO_CLIP = 16.0 / 1000;

    private final float[] means;
    private final float[] stds;
    private final boolean clipBorder;
    private final boolean addCtrClamp;
    private final double ctrClamp;
    private final double whRatioClip;

    /** Config options, as mmdet's constructor arguments. */
    public record Options(@Default("[0.0, 0.0, 0.0, 0.0]") List<Double> targetMeans,
            @Default("[1.0, 1.0, 1.0, 1.0]") List<Double> targetStds, @Default("true") boolean clipBorder,
            @Default("false") boolean addCtrClamp, @Default("32") double ctrClamp) {
        public Options {
            if (targetMeans.size() != 4 || targetStds.size() != 4) {
                throw new ConfigException("target_means and target_stds need 4 values each, got " + targetMeans
                        + " and " + targetStds);
            }
        }
    }

    /** A coder with mmdet's defaults (means 0, stds 1, clip_border). */
    public DeltaXYWHBBoxCoder() {
        this(new Options(List.of(0.0, 0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0, 1.0), true, false, 32));
    }

    public DeltaXYWHBBoxCoder(Options o) {
        this(o, WH_RATIO_CLIP);
    }

    /** As {@link #DeltaXYWHBBoxCoder(Options)} with another {@code wh_ratio_clip} for decoding. */
    public DeltaXYWHBBoxCoder(Options o, double whRatioClip) {
        this.means = floats(o.targetMeans());
        this.stds = floats(o.targetStds());
        this.clipBorder = o.clipBorder();
        this.addCtrClamp = o.addCtrClamp();
        this.ctrClamp = o.ctrClamp();
        this.whRatioClip = whRatioClip;
    }

    private static float[] floats(List<Double> v) {
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i).floatValue();
        }
        return out;
    }

    @Override
    public NDArray encode(NDArray bboxes, NDArray gtBboxes) {
        if (!bboxes.getShape().equals(gtBboxes.getShape()) || bboxes.getShape().tail() != 4) {
            throw new IllegalArgumentException("encode expects two N×4 box sets, got " + bboxes.getShape() + " and "
                    + gtBboxes.getShape());
        }
        NDArray p = bboxes;
        NDArray g = gtBboxes;
        NDArray px = col(p, 0).add(col(p, 2)).mul(0.5f);
        NDArray py = col(p, 1).add(col(p, 3)).mul(0.5f);
        NDArray pw = col(p, 2).sub(col(p, 0));
        NDArray ph = col(p, 3).sub(col(p, 1));
        NDArray gx = col(g, 0).add(col(g, 2)).mul(0.5f);
        NDArray gy = col(g, 1).add(col(g, 3)).mul(0.5f);
        NDArray gw = col(g, 2).sub(col(g, 0));
        NDArray gh = col(g, 3).sub(col(g, 1));
        NDArray deltas = NDArrays.stack(new NDList(gx.sub(px).div(pw), gy.sub(py).div(ph), gw.div(pw).log(),
                gh.div(ph).log()), -1);
        NDArray m = io.mgd.core.nn.Tensors.owned(deltas.getManager().create(means));
        NDArray s = io.mgd.core.nn.Tensors.owned(deltas.getManager().create(stds));
        return deltas.sub(m).div(s);
    }

    @Override
    public NDArray decode(NDArray bboxes, NDArray pred, int[] maxShape) {
        Shape ps = pred.getShape();
        long n = ps.get(0);
        if (ps.dimension() != 2 || ps.get(1) % 4 != 0 || bboxes.getShape().get(0) != n) {
            throw new IllegalArgumentException("decode expects rois N×4 and deltas N×4k, got " + bboxes.getShape()
                    + " and " + ps);
        }
        if (n == 0) {
            return pred;
        }
        long k = ps.get(1) / 4;
        NDArray deltas = pred.reshape(-1, 4);
        NDArray d = deltas.mul(io.mgd.core.nn.Tensors.owned(deltas.getManager().create(stds))).add(io.mgd.core.nn.Tensors.owned(deltas.getManager().create(means)));
        NDArray dxy = d.get(new NDIndex(":, :2"));
        NDArray dwh = d.get(new NDIndex(":, 2:"));
        NDArray rois = k == 1 ? bboxes : tileRows(bboxes, k, 1).reshape(-1, 4);
        NDArray lo = rois.get(new NDIndex(":, :2"));
        NDArray hi = rois.get(new NDIndex(":, 2:"));
        NDArray pxy = lo.add(hi).mul(0.5f);
        NDArray pwh = hi.sub(lo);
        NDArray dxyWh = pwh.mul(dxy);
        float maxRatio = (float) Math.abs(Math.log(whRatioClip));
        if (addCtrClamp) {
            dxyWh = dxyWh.clip(-ctrClamp, ctrClamp);
            dwh = dwh.clip(Float.NEGATIVE_INFINITY, maxRatio); // DJL lacks minimum(Number) on PyTorch
        } else {
            dwh = dwh.clip(-maxRatio, maxRatio);
        }
        NDArray gxy = pxy.add(dxyWh);
        NDArray gwh = pwh.mul(dwh.exp());
        NDArray half = io.mgd.core.nn.Tensors.mul(gwh, 0.5f);
        NDArray boxes = gxy.sub(half).concat(gxy.add(half), -1);
        if (clipBorder && maxShape != null) {
            float h = maxShape[0];
            float w = maxShape[1];
            NDArray upper = io.mgd.core.nn.Tensors.owned(boxes.getManager().create(new float[] {w, h, w, h}));
            boxes = io.mgd.core.nn.Tensors.maximum(boxes, 0f).minimum(upper);
        }
        return boxes.reshape(n, -1);
    }

    /** torch's {@code repeat} along one axis (DJL's PyTorch engine lacks {@code tile}). */
    static NDArray tileRows(NDArray a, long times, int axis) {
        NDList copies = new NDList();
        for (long i = 0; i < times; i++) {
            copies.add(a);
        }
        return NDArrays.concat(copies, axis);
    }

    private static NDArray col(NDArray a, int i) {
        return a.get(new NDIndex(":, " + i));
    }
}
