package io.mgd.det.core.bbox.samplers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import io.mgd.core.config.ConfigException;
import io.mgd.core.registry.Default;
import io.mgd.det.core.bbox.assigners.AssignResult;
import java.util.Arrays;
import java.util.Random;

/**
 * mmdet's {@code RandomSampler}: at most {@code num · pos_fraction} random positives, then
 * negatives to fill {@code num} (capped at {@code neg_pos_ub · max(1, #pos)} when
 * {@code neg_pos_ub ≥ 0}); with {@code add_gt_as_proposals} the gts are prepended as positive
 * candidates. The draws use this sampler's own {@link Random} (torch's randperm stream cannot be
 * reproduced), so which boxes are drawn differs from mmdet; the counts do not.
 */
public final class RandomSampler implements BboxSampler {
    private final Options o;
    private final Random rng;

    /** Config options; {@code seed} (not an mmdet key) fixes the draws, null draws a random seed. */
    public record Options(int num, double posFraction, @Default("-1") double negPosUb,
            @Default("true") boolean addGtAsProposals, @Default("null") Long seed) {
        public Options {
            if (num <= 0 || posFraction < 0 || posFraction > 1) {
                throw new ConfigException("RandomSampler needs num > 0 and pos_fraction in [0, 1], got num=" + num
                        + ", pos_fraction=" + posFraction);
            }
        }
    }

    public RandomSampler(Options o) {
        this.o = o;
        this.rng = o.seed() == null ? new Random() : new Random(o.seed());
    }

    @Override
    public SamplingResult sample(AssignResult assignResult, NDArray bboxes, NDArray gtBboxes, NDArray gtLabels) {
        NDArray b = bboxes.getShape().get(1) > 4 ? bboxes.get(new NDIndex(":, :4")) : bboxes;
        AssignResult ar = assignResult;
        boolean[] gtFlags;
        int numGts = (int) gtBboxes.getShape().get(0);
        if (o.addGtAsProposals() && numGts > 0) {
            if (gtLabels == null) {
                throw new IllegalArgumentException("gt_labels must be given when add_gt_as_proposals is True");
            }
            b = gtBboxes.concat(b, 0);
            ar = ar.withGtsPrepended(gtLabels.toType(DataType.INT64, false).toLongArray());
            gtFlags = new boolean[ar.numPreds()];
            Arrays.fill(gtFlags, 0, numGts, true);
        } else {
            gtFlags = new boolean[ar.numPreds()];
        }
        long[] pos = choose(BboxSampler.where(ar.gtInds(), true), (int) (o.num() * o.posFraction()));
        int expectedNeg = o.num() - pos.length;
        if (o.negPosUb() >= 0) {
            int upper = (int) (o.negPosUb() * Math.max(1, pos.length));
            expectedNeg = Math.min(expectedNeg, upper);
        }
        long[] neg = choose(BboxSampler.where(ar.gtInds(), false), expectedNeg);
        return new SamplingResult(pos, neg, b, gtBboxes, ar, gtFlags);
    }

    /** All of {@code gallery} when it is small enough, else {@code num} random ones; sorted (torch's unique). */
    private long[] choose(long[] gallery, int num) {
        if (gallery.length <= num) {
            return gallery;
        }
        long[] g = gallery.clone();
        for (int i = 0; i < num; i++) { // partial Fisher-Yates
            int j = i + rng.nextInt(g.length - i);
            long t = g[i];
            g[i] = g[j];
            g[j] = t;
        }
        long[] out = Arrays.copyOf(g, Math.max(num, 0));
        Arrays.sort(out);
        return out;
    }
}
