package io.mgd.core.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import io.mgd.core.nn.functional.F;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** F.interpolate (nearest, bilinear with align_corners T/F; by size or scale) against PyTorch. */
class InterpolateParityTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"nearest_size_2x", "nearest_size_odd", "nearest_size_down", "nearest_scale_2",
        "nearest_scale_0.5", "nearest_scale_1.7", "bilinear_up_acF", "bilinear_up_acT", "bilinear_down_acF",
        "bilinear_down_acT", "bilinear_scale_2_acF", "bilinear_scale_0.6_acF", "bilinear_scale_1.5_acT"})
    void interpolate(String kase) {
        Golden g = new Golden(manager, "interpolate");
        JsonNode m = g.meta(kase);
        String mode = m.get("mode").asText();
        Boolean ac = m.has("align_corners") ? m.get("align_corners").asBoolean() : null;
        UnaryOperator<NDArray> fn;
        if (m.has("size")) {
            long[] size = {m.get("size").get(0).asLong(), m.get("size").get(1).asLong()};
            fn = x -> F.interpolate(x, size, mode, ac);
        } else {
            double s = m.get("scale_factor").asDouble();
            fn = x -> F.interpolate(x, s, mode, ac);
        }
        g.check(kase, fn, Map.of());
    }

    @Test
    void nearestRejectsAlignCornersAndUnknownModes() {
        NDArray x = manager.zeros(new Shape(1, 1, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> F.interpolate(x, new long[] {4, 4}, "nearest", true));
        assertThrows(IllegalArgumentException.class, () -> F.interpolate(x, new long[] {4, 4}, "bicubic", null));
    }
}
