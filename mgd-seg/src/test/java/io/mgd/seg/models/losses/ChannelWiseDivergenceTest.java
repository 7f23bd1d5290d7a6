package io.mgd.seg.models.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.testing.Fixtures;
import io.mgd.seg.testing.SegTesting;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The MGD seg distiller's {@code loss_logit} (τ = 4, factor 3 / (C·N)) and the unit-weight
 * variant against the reference formula in PyTorch: value and gradient w.r.t. the student.
 */
class ChannelWiseDivergenceTest {
    private static final String BUNDLE = "logit";

    @ParameterizedTest
    @ValueSource(strings = {"mgd", "unit"})
    void valueAndGradientMatchTheReference(String name) {
        JsonNode meta = Fixtures.meta(getClass(), BUNDLE, "meta").get(name);
        try (NDManager m = NDManager.newBaseManager()) {
            Registries r = SegTesting.registries();
            ChannelWiseDivergence loss = (ChannelWiseDivergence) r.get(Registries.LOSSES).build(
                    ConfigDict.of("type", "ChannelWiseDivergence", "tau", meta.get("tau").asDouble(), "loss_weight",
                            meta.get("loss_weight").asDouble()), new BuildContext(r, m));
            NDArray s = Fixtures.load(m, getClass(), BUNDLE + "/" + name + ".student");
            NDArray t = Fixtures.load(m, getClass(), BUNDLE + "/" + name + ".teacher");
            t.setRequiresGradient(true);
            s.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray v = loss.loss(s, t);
                Fixtures.assertAllCloseRelative(Fixtures.load(m, getClass(), BUNDLE + "/" + name + ".loss"),
                        v.reshape(), 1e-5, name + " loss");
                gc.backward(v);
            }
            Fixtures.assertAllCloseRelative(Fixtures.load(m, getClass(), BUNDLE + "/" + name + ".grad"),
                    s.getGradient(), 1e-5, name + " grad");
            // the teacher is detached: no gradient flows into it
            assertEquals(0f, t.getGradient().abs().sum().getFloat());
        }
    }

    @Test
    void referenceConstantsAndShapeChecks() {
        assertEquals(4.0, ChannelWiseDivergence.MGD_REFERENCE.tau());
        assertEquals(3.0, ChannelWiseDivergence.MGD_REFERENCE.lossWeight());
        assertEquals("loss_logit", ChannelWiseDivergence.MGD_REFERENCE.name());
        try (NDManager m = NDManager.newBaseManager()) {
            ChannelWiseDivergence loss = ChannelWiseDivergence.mgdReference(m);
            assertNull(loss.describeMismatch(new Shape(2, 19, 64, 64), new Shape(2, 19, 64, 64)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> loss.loss(m.zeros(new Shape(2, 19, 8, 8)), m.zeros(new Shape(2, 19, 16, 16))));
            assertTrue(e.getMessage().contains("same shape"), e.getMessage());
            // identical logits: KL is zero
            NDArray x = m.randomNormal(new Shape(1, 3, 4, 5));
            assertEquals(0f, loss.loss(x, x).getFloat(), 1e-6f);
        }
    }
}
