package io.mgd.core.nn;

import static io.mgd.core.testing.Fixtures.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.mgd.core.nn.layers.BatchNorm2d;
import io.mgd.core.nn.layers.Conv2d;
import io.mgd.core.nn.layers.Dropout;
import io.mgd.core.nn.layers.Dropout2d;
import io.mgd.core.nn.layers.GroupNorm;
import io.mgd.core.nn.layers.Identity;
import io.mgd.core.nn.layers.Linear;
import io.mgd.core.nn.layers.ReLU;
import io.mgd.core.nn.layers.Sigmoid;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Conv2d, BatchNorm2d, GroupNorm, Linear and activations against PyTorch 1.13 fixtures. */
class LayerParityTest {
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
    @ValueSource(strings = {"plain", "strided_nobias", "grouped", "dilated", "asym"})
    void conv2d(String kase) {
        Golden g = new Golden(manager, "conv2d");
        JsonNode meta = g.meta(kase);
        boolean bias = !meta.has("bias") || meta.get("bias").asBoolean();
        Conv2d conv = new Conv2d(manager, meta.get("in_channels").asInt(), meta.get("out_channels").asInt(),
                Golden.pair(meta, "kernel_size", 1), Golden.pair(meta, "stride", 1), Golden.pair(meta, "padding", 0),
                Golden.pair(meta, "dilation", 1), meta.has("groups") ? meta.get("groups").asInt() : 1, bias);
        conv.weight().set(g.load(kase + ".weight"));
        Map<String, Parameter> params = new LinkedHashMap<>();
        params.put("weight", conv.weight());
        if (bias) {
            conv.bias().set(g.load(kase + ".bias"));
            params.put("bias", conv.bias());
        }
        g.check(kase, conv::forward, params);
    }

    @Test
    void batchNormTrainTwoStepsThenEval() {
        Golden g = new Golden(manager, "norm");
        BatchNorm2d bn = new BatchNorm2d(manager, 4);
        bn.weight().set(g.load("bn.weight"));
        bn.bias().set(g.load("bn.bias"));
        Map<String, Parameter> params = Map.of("weight", bn.weight(), "bias", bn.bias());
        bn.train(true);
        g.check("bn.train1", bn::forward, params);
        g.check("bn.train2", bn::forward, params);
        // running_var uses the unbiased batch variance, momentum 0.1
        assertAllClose(g.load("bn.running_mean"), bn.runningMean().data(), Golden.ATOL);
        assertAllClose(g.load("bn.running_var"), bn.runningVar().data(), Golden.ATOL);
        assertEquals(g.load("bn.num_batches_tracked").getLong(), bn.stateDict().get("num_batches_tracked").getLong());
        bn.eval();
        g.check("bn.eval", bn::forward, Map.of());
        assertEquals(2L, bn.stateDict().get("num_batches_tracked").getLong(), "eval must not count batches");
    }

    @Test
    void groupNorm() {
        Golden g = new Golden(manager, "norm");
        GroupNorm gn = new GroupNorm(manager, 2, 6, 1e-5f);
        gn.ownParameters().get("weight").set(g.load("gn.weight"));
        gn.ownParameters().get("bias").set(g.load("gn.bias"));
        g.check("gn", gn::forward, gn.ownParameters());
    }

    @Test
    void linear() {
        Golden g = new Golden(manager, "simple");
        Linear lin = new Linear(manager, 5, 3, true);
        lin.weight().set(g.load("linear.weight"));
        lin.bias().set(g.load("linear.bias"));
        g.check("linear", lin::forward, Map.of("weight", lin.weight(), "bias", lin.bias()));
    }

    @Test
    void activations() {
        Golden g = new Golden(manager, "simple");
        g.check("relu", new ReLU(manager)::forward, Map.of());
        g.check("sigmoid", new Sigmoid(manager)::forward, Map.of());
    }

    @Test
    void dropoutInEvalIsIdentity() {
        Golden g = new Golden(manager, "simple");
        NDArray x = g.load("dropout_eval.x");
        Module drop = new Dropout(manager, 0.5f).eval();
        Module drop2d = new Dropout2d(manager, 0.5f).eval();
        assertAllClose(g.load("dropout_eval.out"), drop.forward(x), 0);
        assertAllClose(g.load("dropout2d_eval.out"), drop2d.forward(x), 0);
        assertSame(x, new Identity(manager).forward(x));
    }
}
