package io.mgd.det.core.evaluation;

import io.mgd.core.util.MgdException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * pycocotools {@code COCOeval} for {@code iouType='bbox'}, step for step: per (category, area
 * range, image) greedy matching of score-sorted detections (at most 100) to gts at IoU
 * thresholds .50:.05:.95, crowd gts matched by intersection over the detection's area and
 * ignored, gts outside the area range ignored (non-ignored gts are matched first); then
 * precision at 101 recall points (made monotone from the right) and recall per category, and the
 * 12 summary numbers of {@code summarize()}.
 */
public final class CocoEval {
    /** Area ranges all, small, medium, large. */
    static final double[][] AREA_RNG = {{0, 1e10}, {0, 32 * 32}, {32 * 32, 96 * 96}, {96 * 96, 1e10}};
    static final int[] MAX_DETS = {1, 10, 100};
    final double[] iouThrs = linspace(0.5, 0.95, 10);
    final double[] recThrs = linspace(0.0, 1.0, 101);

    private final List<Long> imgIds;
    private final List<Long> catIds;
    private final Map<String, List<CocoGroundTruth.Annotation>> gts = new HashMap<>();
    private final Map<String, List<CocoDetection>> dts = new HashMap<>();
    /** precision[t][r][k][a][m] and recall[t][k][a][m]; −1 where undefined, as pycocotools. */
    double[][][][][] precision;
    double[][][][] recall;

    /** Evaluates {@code detections} against {@code gt} over all its images and categories. */
    public CocoEval(CocoGroundTruth gt, List<CocoDetection> detections) {
        this.imgIds = new ArrayList<>(new TreeSet<>(gt.imageIds()));
        this.catIds = new ArrayList<>(new TreeSet<>(gt.categoryIds()));
        Set<Long> imgs = new HashSet<>(imgIds);
        Set<Long> cats = new HashSet<>(catIds);
        for (CocoGroundTruth.Annotation a : gt.annotations()) {
            if (imgs.contains(a.imageId()) && cats.contains(a.categoryId())) {
                gts.computeIfAbsent(key(a.imageId(), a.categoryId()), k -> new ArrayList<>()).add(a);
            }
        }
        for (CocoDetection d : detections) {
            if (!imgs.contains(d.imageId())) {
                throw new MgdException("Results do not correspond to current coco set: detection for image_id "
                        + d.imageId() + " which is not in the ground truth");
            }
            if (cats.contains(d.categoryId())) {
                dts.computeIfAbsent(key(d.imageId(), d.categoryId()), k -> new ArrayList<>()).add(d);
            }
        }
        // every list sorted by descending score, stable (numpy mergesort)
        dts.values().forEach(l -> l.sort(Comparator.comparingDouble((CocoDetection d) -> -d.score())));
    }

    private static String key(long img, long cat) {
        return img + "/" + cat;
    }

    /** numpy {@code linspace}: start + i·step, the last point exactly stop. */
    static double[] linspace(double start, double stop, int num) {
        double step = (stop - start) / (num - 1);
        double[] out = new double[num];
        for (int i = 0; i < num; i++) {
            out[i] = i * step + start;
        }
        out[num - 1] = stop;
        return out;
    }

    /** Runs evaluate + accumulate and returns the 12 {@code summarize()} stats. */
    public double[] run() {
        int t = iouThrs.length;
        int r = recThrs.length;
        int k = catIds.size();
        int a = AREA_RNG.length;
        int m = MAX_DETS.length;
        precision = new double[t][r][k][a][m];
        recall = new double[t][k][a][m];
        for (double[][][][] p : precision) {
            for (double[][][] q : p) {
                for (double[][] s : q) {
                    for (double[] v : s) {
                        Arrays.fill(v, -1);
                    }
                }
            }
        }
        for (double[][][] p : recall) {
            for (double[][] q : p) {
                for (double[] v : q) {
                    Arrays.fill(v, -1);
                }
            }
        }
        int maxDet = MAX_DETS[MAX_DETS.length - 1];
        for (int ki = 0; ki < k; ki++) {
            for (int ai = 0; ai < a; ai++) {
                List<ImageEval> evals = new ArrayList<>();
                for (long img : imgIds) {
                    ImageEval e = evaluateImg(img, catIds.get(ki), AREA_RNG[ai], maxDet);
                    if (e != null) {
                        evals.add(e);
                    }
                }
                for (int mi = 0; mi < m; mi++) {
                    accumulate(evals, ki, ai, mi);
                }
            }
        }
        return summarize();
    }

    /** One image × category × area range: matches per IoU threshold (pycocotools evaluateImg). */
    private record ImageEval(double[] dtScores, boolean[][] dtMatched, boolean[][] dtIgnore, boolean[] gtIgnore) {}

    private ImageEval evaluateImg(long img, long cat, double[] aRng, int maxDet) {
        List<CocoGroundTruth.Annotation> g0 = gts.getOrDefault(key(img, cat), List.of());
        List<CocoDetection> d0 = dts.getOrDefault(key(img, cat), List.of());
        if (g0.isEmpty() && d0.isEmpty()) {
            return null;
        }
        // non-ignored gts first (stable), detections by score (already sorted), at most maxDet
        List<CocoGroundTruth.Annotation> gt = new ArrayList<>();
        List<Boolean> ign = new ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            for (CocoGroundTruth.Annotation g : g0) {
                boolean ignore = g.iscrowd() || g.area() < aRng[0] || g.area() > aRng[1];
                if (ignore == (pass == 1)) {
                    gt.add(g);
                    ign.add(ignore);
                }
            }
        }
        List<CocoDetection> dt = d0.subList(0, Math.min(maxDet, d0.size()));
        int tn = iouThrs.length;
        int gn = gt.size();
        int dn = dt.size();
        boolean[] gtIg = new boolean[gn];
        for (int i = 0; i < gn; i++) {
            gtIg[i] = ign.get(i);
        }
        double[][] ious = new double[dn][gn];
        for (int d = 0; d < dn; d++) {
            for (int g = 0; g < gn; g++) {
                ious[d][g] = iou(dt.get(d).bbox(), gt.get(g).bbox(), gt.get(g).iscrowd());
            }
        }
        boolean[][] gtm = new boolean[tn][gn];
        boolean[][] dtm = new boolean[tn][dn];
        boolean[][] dtIg = new boolean[tn][dn];
        if (dn > 0 && gn > 0) {
            for (int t = 0; t < tn; t++) {
                for (int d = 0; d < dn; d++) {
                    double best = Math.min(iouThrs[t], 1 - 1e-10);
                    int m = -1;
                    for (int g = 0; g < gn; g++) {
                        if (gtm[t][g] && !gt.get(g).iscrowd()) {
                            continue; // already matched, and not a crowd
                        }
                        if (m > -1 && !gtIg[m] && gtIg[g]) {
                            break; // matched a regular gt; only ignored gts remain
                        }
                        if (ious[d][g] < best) {
                            continue;
                        }
                        best = ious[d][g];
                        m = g;
                    }
                    if (m == -1) {
                        continue;
                    }
                    dtIg[t][d] = gtIg[m];
                    dtm[t][d] = true;
                    gtm[t][m] = true;
                }
            }
        }
        for (int d = 0; d < dn; d++) {
            double area = dt.get(d).area();
            boolean outside = area < aRng[0] || area > aRng[1];
            for (int t = 0; t < tn; t++) {
                dtIg[t][d] = dtIg[t][d] || (!dtm[t][d] && outside);
            }
        }
        double[] scores = dt.stream().mapToDouble(CocoDetection::score).toArray();
        return new ImageEval(scores, dtm, dtIg, gtIg);
    }

    /** maskUtils.iou on xywh boxes; a crowd gt divides by the detection's area only. */
    static double iou(double[] d, double[] g, boolean crowd) {
        double w = Math.min(d[0] + d[2], g[0] + g[2]) - Math.max(d[0], g[0]);
        if (w <= 0) {
            return 0;
        }
        double h = Math.min(d[1] + d[3], g[1] + g[3]) - Math.max(d[1], g[1]);
        if (h <= 0) {
            return 0;
        }
        double inter = w * h;
        double da = d[2] * d[3];
        double union = crowd ? da : da + g[2] * g[3] - inter;
        return inter / union;
    }

    private void accumulate(List<ImageEval> evals, int k, int a, int m) {
        if (evals.isEmpty()) {
            return;
        }
        int maxDet = MAX_DETS[m];
        List<double[]> rows = new ArrayList<>(); // (score, image index, det index)
        int npig = 0;
        for (int e = 0; e < evals.size(); e++) {
            ImageEval ev = evals.get(e);
            for (int d = 0; d < Math.min(maxDet, ev.dtScores().length); d++) {
                rows.add(new double[] {ev.dtScores()[d], e, d});
            }
            for (boolean ig : ev.gtIgnore()) {
                npig += ig ? 0 : 1;
            }
        }
        if (npig == 0) {
            return;
        }
        rows.sort(Comparator.comparingDouble((double[] x) -> -x[0])); // stable, as mergesort
        int nd = rows.size();
        for (int t = 0; t < iouThrs.length; t++) {
            double[] rc = new double[nd];
            double[] pr = new double[nd];
            double tp = 0;
            double fp = 0;
            for (int i = 0; i < nd; i++) {
                ImageEval ev = evals.get((int) rows.get(i)[1]);
                int d = (int) rows.get(i)[2];
                boolean ignored = ev.dtIgnore()[t][d];
                boolean matched = ev.dtMatched()[t][d];
                if (matched && !ignored) {
                    tp++;
                } else if (!matched && !ignored) {
                    fp++;
                }
                rc[i] = tp / npig;
                pr[i] = tp / (fp + tp + Math.ulp(1.0));
            }
            recall[t][k][a][m] = nd > 0 ? rc[nd - 1] : 0;
            for (int i = nd - 1; i > 0; i--) {
                if (pr[i] > pr[i - 1]) {
                    pr[i - 1] = pr[i];
                }
            }
            for (int ri = 0; ri < recThrs.length; ri++) {
                int pi = searchsortedLeft(rc, recThrs[ri]);
                if (pi >= nd) {
                    for (int rj = ri; rj < recThrs.length; rj++) {
                        precision[t][rj][k][a][m] = 0; // pycocotools: IndexError leaves zeros
                    }
                    break;
                }
                precision[t][ri][k][a][m] = pr[pi];
            }
        }
    }

    /** First index i with a[i] ≥ v (numpy searchsorted side='left'). */
    private static int searchsortedLeft(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** pycocotools {@code summarize()}: AP (all IoUs, .50, .75, S, M, L) then AR (1, 10, 100 dets, S, M, L). */
    double[] summarize() {
        return new double[] {mean(true, -1, 0, 2), mean(true, 0.5, 0, 2), mean(true, 0.75, 0, 2),
            mean(true, -1, 1, 2), mean(true, -1, 2, 2), mean(true, -1, 3, 2), mean(false, -1, 0, 0),
            mean(false, -1, 0, 1), mean(false, -1, 0, 2), mean(false, -1, 1, 2), mean(false, -1, 2, 2),
            mean(false, -1, 3, 2)};
    }

    private double mean(boolean ap, double iouThr, int a, int m) {
        double sum = 0;
        int n = 0;
        for (int t = 0; t < iouThrs.length; t++) {
            if (iouThr >= 0 && iouThrs[t] != iouThr) {
                continue;
            }
            for (int k = 0; k < catIds.size(); k++) {
                if (ap) {
                    for (int r = 0; r < recThrs.length; r++) {
                        double v = precision[t][r][k][a][m];
                        if (v > -1) {
                            sum += v;
                            n++;
                        }
                    }
                } else if (recall[t][k][a][m] > -1) {
                    sum += recall[t][k][a][m];
                    n++;
                }
            }
        }
        return n == 0 ? -1 : sum / n;
    }
}
