package io.mgd.det;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.registry.Registries;
import io.mgd.det.models.losses.WeightedLoss;
import org.junit.jupiter.api.Test;

/** FocalLoss, L1Loss, SmoothL1Loss and GIoULoss values and gradients against PyTorch. */
class LossParityTest extends DetTestSupport {

    private WeightedLoss loss(Object... kv) {
        return (WeightedLoss) build(Registries.LOSSES, ConfigDict.of(kv));
    }

    private void checkGrad(WeightedLoss l, String pred, String target, String weight, double avg, String prefix,
            double atol) {
        NDArray p = fx(pred);
        p.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray out = l.forward(p, fx(target), fx(weight), avg);
            close(fx(prefix + ".loss"), out, atol);
            gc.backward(out);
        }
        close(fx(prefix + ".grad"), p.getGradient(), atol);
    }

    @Test
    void focalLossValueAndGradient() {
        WeightedLoss focal = loss("type", "FocalLoss", "use_sigmoid", true, "gamma", 2.0, "alpha", 0.25);
        checkGrad(focal, "losses/focal.pred", "losses/focal.labels", "losses/focal.weight", 3.0, "losses/focal", 1e-6);
        WeightedLoss other = loss("type", "FocalLoss", "gamma", 1.5, "alpha", 0.3);
        close(fx("losses/focal.loss_mean"), other.forward(fx("losses/focal.pred"), fx("losses/focal.labels"), null,
                null), 1e-6);
        close(fx("losses/focal.loss_none"), focal.forward(fx("losses/focal.pred"), fx("losses/focal.labels"),
                fx("losses/focal.weight"), null, "none"), 1e-6);
        WeightedLoss weighted = loss("type", "FocalLoss", "loss_weight", 2.5);
        assertEquals(2.5f * fx("losses/focal.loss").getFloat(), weighted.forward(fx("losses/focal.pred"),
                fx("losses/focal.labels"), fx("losses/focal.weight"), 3.0).getFloat(), 1e-6);
    }

    @Test
    void regressionLossesValueAndGradient() {
        checkGrad(loss("type", "L1Loss"), "losses/reg.pred", "losses/reg.target", "losses/reg.weight", 5.0,
                "losses/l1", 1e-6);
        checkGrad(loss("type", "SmoothL1Loss", "beta", 1.0 / 9.0), "losses/reg.pred", "losses/reg.target",
                "losses/reg.weight", 5.0, "losses/smooth_l1", 1e-5);
        checkGrad(loss("type", "GIoULoss"), "losses/giou.pred", "losses/giou.target", "losses/giou.weight", 4.0,
                "losses/giou", 1e-5);
    }

    @Test
    void reductionsAndErrors() {
        WeightedLoss l1 = loss("type", "L1Loss", "reduction", "sum");
        NDArray p = manager.create(new float[] {0, 2, 3});
        NDArray t = manager.create(new float[] {1, 1, 1});
        assertEquals(4f, l1.forward(p, t, null, null).getFloat());
        assertEquals(4f / 3, l1.forward(p, t, null, null, "mean").getFloat(), 1e-6);
        assertEquals(1.5f, l1.forward(p, t, manager.create(new float[] {1, 0, 1}), 2.0, "mean").getFloat());
        assertThrows(IllegalArgumentException.class, () -> l1.forward(p, t, null, 2.0));
        assertTrue(assertThrows(ConfigException.class, () -> loss("type", "SmoothL1Loss", "beta", 0.0)).getMessage()
                .contains("beta must be > 0"));
        assertTrue(assertThrows(ConfigException.class, () -> loss("type", "FocalLoss", "use_sigmoid", false))
                .getMessage().contains("only sigmoid focal loss"));
        // GIoU with no positive weight: a graph-connected zero
        WeightedLoss giou = loss("type", "GIoULoss");
        NDArray boxes = fx("losses/giou.pred");
        assertEquals(0f, giou.forward(boxes, fx("losses/giou.target"), boxes.zerosLike().get(":, 0"), 1.0).getFloat());
    }
}
