package io.mgd.core.models.losses;

import static io.mgd.core.testing.Fixtures.assertAllClose;
import static io.mgd.core.testing.Fixtures.assertAllCloseRelative;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import io.mgd.core.nn.Parameter;
import io.mgd.core.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Loss value and gradients against PyTorch 1.13 running the reference MGD forward with the same
 * weights and the same uniform draw ({@code tools/golden/make_mgd_fixtures.py}).
 */
class MgdLossParityTest {
    private static final double RTOL = 1e-5;

    @ParameterizedTest
    @ValueSource(strings = {"channel_align", "channel_same", "spatial_align", "spatial_same"})
    void matchesPyTorch(String name) {
        JsonNode meta = Fixtures.json(getClass(), "mgd/" + name + "/case.json");
        try (NDManager m = NDManager.newBaseManager()) {
            MaskType type = MaskType.parse(meta.get("mask_type").asText(), null);
            int cs = meta.get("student_channels").asInt();
            int ct = meta.get("teacher_channels").asInt();
            double alpha = meta.get("alpha_mgd").asDouble();
            double lambda = meta.get("lambda_mgd").asDouble();
            // Build through the type whose default is the other mask, so mask_type is honoured.
            MaskedGenerativeLoss loss = type == MaskType.CHANNEL
                    ? new FeatureLoss(m, new FeatureLoss.Options(cs, ct, "loss_mgd", alpha, lambda, "channel"))
                    : new MGDLoss(m, new MGDLoss.Options(cs, ct, "loss_mgd", alpha, lambda, "spatial"));
            assertEquals(type, loss.maskType());
            assertEquals(cs != ct, loss.align() != null);

            Map<String, Parameter> params = loss.namedParameters();
            List<String> expectedKeys = new ArrayList<>();
            meta.get("params").forEach(k -> expectedKeys.add(k.asText()));
            assertEquals(expectedKeys, new ArrayList<>(params.keySet()), "state-dict keys and order");
            params.forEach((k, p) -> p.set(load(m, name, "param." + k)));

            NDArray student = load(m, name, "student");
            NDArray teacher = load(m, name, "teacher");
            NDArray rand = load(m, name, "rand");
            assertAllClose(load(m, name, "mask"), loss.mask(rand), 0, name + " mask");
            loss.fixUniformDraw(rand);

            student.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray value = loss.loss(student, teacher);
                assertAllCloseRelative(load(m, name, "loss"), value, RTOL, name + " loss");
                gc.backward(value);
            }
            assertAllCloseRelative(load(m, name, "grad_student"), student.getGradient(), RTOL, name + " dL/dS");
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                NDArray grad = e.getValue().grad();
                assertNotNull(grad, e.getKey());
                assertAllCloseRelative(load(m, name, "grad." + e.getKey()), grad, RTOL, name + " dL/d" + e.getKey());
            }
            assertNull(teacher.hasGradient() ? teacher.getGradient() : null, "teacher feature has no gradient");
        }
    }

    private NDArray load(NDManager m, String name, String tensor) {
        return Fixtures.loadRaw(m, getClass(), "mgd/" + name + "/" + tensor);
    }
}
