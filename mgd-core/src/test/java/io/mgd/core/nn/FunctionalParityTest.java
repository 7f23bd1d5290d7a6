package io.mgd.core.nn;

import static io.mgd.core.testing.Fixtures.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.mgd.core.nn.functional.F;
import io.mgd.core.nn.functional.Reduction;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Softmax and the losses of {@link F} against PyTorch 1.13 (outputs and input gradients). */
class FunctionalParityTest {
    private NDManager manager;
    private Golden g;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
        g = new Golden(manager, "functional");
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void softmaxAndLogSoftmax() {
        g.check("softmax", x -> F.softmax(x, 1), Map.of());
        g.check("log_softmax", x -> F.logSoftmax(x, 1), Map.of());
    }

    @Test
    void crossEntropyWithIgnoreIndexWeightsAndSmoothing() {
        NDArray t = g.load("ce.target");
        NDArray w = g.load("ce.class_weight");
        g.check("ce.mean", x -> F.crossEntropy(x, t, null, 255, Reduction.MEAN, 0f), Map.of());
        g.check("ce.sum", x -> F.crossEntropy(x, t, null, 255, Reduction.SUM, 0f), Map.of());
        g.check("ce.none", x -> F.crossEntropy(x, t, null, 255, Reduction.NONE, 0f), Map.of());
        g.check("ce.weight_mean", x -> F.crossEntropy(x, t, w, 255, Reduction.MEAN, 0f), Map.of());
        g.check("ce.smooth_mean", x -> F.crossEntropy(x, t, null, 255, Reduction.MEAN, 0.1f), Map.of());
        g.check("ce.smooth_weight_mean", x -> F.crossEntropy(x, t, w, 255, Reduction.MEAN, 0.2f), Map.of());
        g.check("ce.smooth_none", x -> F.crossEntropy(x, t, null, 255, Reduction.NONE, 0.1f), Map.of());
        NDArray segTarget = g.load("ce.seg.target");
        g.check("ce.seg", x -> F.crossEntropy(x, segTarget, null, 255, Reduction.MEAN, 0f), Map.of());
    }

    @Test
    void crossEntropyDefaultIgnoreIndexIsMinus100() {
        NDArray logits = manager.create(new float[] {1, 2, 3, 0, 0, 0}, new ai.djl.ndarray.types.Shape(2, 3));
        NDArray t = manager.create(new long[] {2, -100});
        double expected = -Math.log(Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3)));
        assertEquals(expected, F.crossEntropy(logits, t).getFloat(), 1e-6);
    }

    @Test
    void binaryCrossEntropyWithLogits() {
        NDArray t = g.load("bce.target");
        g.check("bce.mean", g.load("bce.x"), x -> F.binaryCrossEntropyWithLogits(x, t, null, null, Reduction.MEAN), Map.of());
        g.check("bce.none", g.load("bce.x"), x -> F.binaryCrossEntropyWithLogits(x, t, null, null, Reduction.NONE), Map.of());
    }

    @Test
    void sigmoidFocalElementwise() {
        NDArray t = g.load("focal.target");
        float gamma = (float) g.meta("focal").get("gamma").asDouble();
        float alpha = (float) g.meta("focal").get("alpha").asDouble();
        g.check("focal", x -> F.sigmoidFocalLoss(x, t, gamma, alpha), Map.of());
    }

    @Test
    void regressionLosses() {
        NDArray y = g.load("reg.target");
        g.check("mse.mean", x -> F.mseLoss(x, y, Reduction.MEAN), Map.of());
        g.check("mse.sum", x -> F.mseLoss(x, y, Reduction.SUM), Map.of());
        g.check("l1.mean", x -> F.l1Loss(x, y, Reduction.MEAN), Map.of());
        g.check("smooth_l1.beta1", x -> F.smoothL1Loss(x, y, 1f, Reduction.MEAN), Map.of());
        g.check("smooth_l1.beta0.5_none", x -> F.smoothL1Loss(x, y, 0.5f, Reduction.NONE), Map.of());
    }

    @Test
    void klDivOverLogSoftmax() {
        NDArray p = g.load("kl.target");
        g.check("kl.batchmean", x -> F.klDiv(F.logSoftmax(x, 1), p, Reduction.BATCHMEAN, false), Map.of());
        g.check("kl.sum", x -> F.klDiv(F.logSoftmax(x, 1), p, Reduction.SUM, false), Map.of());
        g.check("kl.none", x -> F.klDiv(F.logSoftmax(x, 1), p, Reduction.NONE, false), Map.of());
        g.check("kl.mean", x -> F.klDiv(F.logSoftmax(x, 1), p, Reduction.MEAN, false), Map.of());
        // log_target=True with log(p) must agree with the probability form
        NDArray x = g.load("kl.sum.x");
        NDArray logP = F.logSoftmax(x, 1);
        NDArray safeLogTarget = p.maximum(1e-30f).log();
        assertAllClose("kl log_target", F.klDiv(logP, p, Reduction.SUM, false),
                F.klDiv(logP, safeLogTarget, Reduction.SUM, true), 1e-5);
    }

    @Test
    void reductionNamesAndBatchmeanOnlyForKl() {
        assertEquals(Reduction.MEAN, Reduction.of("mean"));
        assertEquals(Reduction.BATCHMEAN, Reduction.of("batchmean"));
        assertThrows(IllegalArgumentException.class, () -> Reduction.of("avg"));
        NDArray a = manager.ones(new ai.djl.ndarray.types.Shape(2));
        assertThrows(IllegalArgumentException.class, () -> F.mseLoss(a, a, Reduction.BATCHMEAN));
    }
}
