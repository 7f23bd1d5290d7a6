package io.mgd.core.nn;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.mgd.core.nn.layers.AdaptiveAvgPool2d;
import io.mgd.core.nn.layers.AvgPool2d;
import io.mgd.core.nn.layers.MaxPool2d;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** MaxPool2d, AvgPool2d (ceil mode, count_include_pad) and AdaptiveAvgPool2d against PyTorch. */
class PoolParityTest {
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
    @ValueSource(strings = {"max_k3s2p1", "max_k2s2_ceil", "max_k3s2p1_ceil"})
    void maxPool(String kase) {
        Golden g = new Golden(manager, "pool");
        JsonNode m = g.meta(kase);
        MaxPool2d pool = new MaxPool2d(manager, Golden.pair(m, "kernel_size", 1), Golden.pair(m, "stride", 1),
                Golden.pair(m, "padding", 0), m.path("ceil_mode").asBoolean(false));
        g.check(kase, pool::forward, Map.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"avg_k2s2_ceil_excl", "avg_k3s2p1_incl", "avg_k3s2p1_excl", "avg_k3s2p1_ceil_excl",
        "avg_k3s2p1_ceil_incl"})
    void avgPool(String kase) {
        Golden g = new Golden(manager, "pool");
        JsonNode m = g.meta(kase);
        AvgPool2d pool = new AvgPool2d(manager, Golden.pair(m, "kernel_size", 1), Golden.pair(m, "stride", 1),
                Golden.pair(m, "padding", 0), m.path("ceil_mode").asBoolean(false),
                m.path("count_include_pad").asBoolean(true));
        g.check(kase, pool::forward, Map.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"adaptive_7to3", "adaptive_5x6to2x4", "adaptive_global", "adaptive_8to4", "adaptive_3to5"})
    void adaptiveAvgPool(String kase) {
        Golden g = new Golden(manager, "pool");
        int[] size = Golden.pair(g.meta(kase), "output_size", 1);
        g.check(kase, new AdaptiveAvgPool2d(manager, size[0], size[1])::forward, Map.of());
    }
}
