package io.mgd.core.engine.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.nn.Module;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.testing.HashWeights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Shared helpers of the ONNX tests: registry builds, generated weights, proto inspection. */
final class OnnxTestSupport {
    private OnnxTestSupport() {}

    /** Builds a backbone from {@code cfg} and loads the generated (hash) weights. */
    static Module backbone(Registries r, NDManager m, Object... cfg) {
        Module model = new BuildContext(r, m).build(Registries.BACKBONES, ConfigDict.of(cfg));
        withHashWeights(model, 7);
        return model;
    }

    /** Loads realistic-scale deterministic weights (BN statistics included). */
    static void withHashWeights(Module model, long seed) {
        model.loadStateDict(HashWeights.stateDict(model.manager(), model.stateDict(), seed), true);
    }

    static NDList randomInput(NDManager m, long... shape) {
        return new NDList(m.randomNormal(new Shape(shape)));
    }

    /** Asserts every verified output is within {@code atol}, reporting all of them. */
    static void assertVerified(Map<String, Double> diffs, double atol) {
        assertTrue(!diffs.isEmpty(), "nothing was verified");
        for (Map.Entry<String, Double> e : diffs.entrySet()) {
            assertTrue(e.getValue() <= atol, "output " + e.getKey() + " differs by " + e.getValue() + " (all: " + diffs
                    + ")");
        }
    }

    static OnnxMl.ModelProto read(Path p) {
        try {
            return OnnxMl.ModelProto.parseFrom(Files.readAllBytes(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> opTypes(Path p) {
        List<String> ops = new ArrayList<>();
        read(p).getGraph().getNodeList().forEach(n -> ops.add(n.getOpType()));
        return ops;
    }

    static long count(List<String> ops, String op) {
        return ops.stream().filter(op::equals).count();
    }

    static double maxAbs(NDArray a) {
        return a.abs().max().getFloat();
    }
}
