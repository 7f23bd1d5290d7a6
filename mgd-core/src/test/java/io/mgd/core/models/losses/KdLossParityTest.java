package io.mgd.core.models.losses;

import static io.mgd.core.testing.Fixtures.assertAllCloseRelative;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.Parameter;
import io.mgd.core.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * KDLoss and FeatureMimicLoss values and gradients against PyTorch 1.13 ({@code
 * tools/golden/make_kd_fixtures.py}: mmrazor KLDivergence semantics, {@code F.mse_loss}).
 */
class KdLossParityTest {
    private static final double RTOL = 1e-5;

    @ParameterizedTest
    @ValueSource(strings = {"kd_tau1", "kd_tau4", "kd_4d_sharp", "mimic_align", "mimic_same", "mimic_forced_align"})
    void matchesPyTorch(String name) {
        JsonNode meta = Fixtures.json(getClass(), "kd/" + name + "/case.json");
        try (NDManager m = NDManager.newBaseManager()) {
            double weight = meta.get("loss_weight").asDouble();
            Module module;
            if ("KDLoss".equals(meta.get("type").asText())) {
                module = new KDLoss(m, new KDLoss.Options("loss_kd", meta.get("tau").asDouble(), weight));
            } else {
                FeatureMimicLoss mimic = new FeatureMimicLoss(m, new FeatureMimicLoss.Options(
                        meta.get("student_channels").asInt(), meta.get("teacher_channels").asInt(), "loss_mimic",
                        weight, meta.get("align").asBoolean()));
                assertEquals(meta.get("align").asBoolean(), mimic.align() != null);
                module = mimic;
            }
            Map<String, Parameter> params = module.namedParameters();
            List<String> expectedKeys = new ArrayList<>();
            meta.get("params").forEach(k -> expectedKeys.add(k.asText()));
            assertEquals(expectedKeys, new ArrayList<>(params.keySet()), "state-dict keys and order");
            params.forEach((k, p) -> p.set(load(m, name, "param." + k)));

            NDArray student = load(m, name, "student");
            NDArray teacher = load(m, name, "teacher");
            student.setRequiresGradient(true);
            // The teacher asks for a gradient too: the loss must detach it (teacher_detach=True).
            teacher.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray value = ((DistillLoss) module).loss(student, teacher);
                assertAllCloseRelative(load(m, name, "loss"), value, RTOL, name + " loss");
                gc.backward(value);
            }
            assertAllCloseRelative(load(m, name, "grad_student"), student.getGradient(), RTOL, name + " dL/dS");
            assertEquals(0f, teacher.getGradient().abs().max().getFloat(), name + " teacher gradient");
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                NDArray grad = e.getValue().grad();
                assertNotNull(grad, e.getKey());
                assertAllCloseRelative(load(m, name, "grad." + e.getKey()), grad, RTOL, name + " dL/d" + e.getKey());
            }
        }
    }

    private NDArray load(NDManager m, String name, String tensor) {
        return Fixtures.loadRaw(m, getClass(), "kd/" + name + "/" + tensor);
    }
}
