package io.mgd.cls.models.necks;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.mgd.core.config.ConfigException;
import io.mgd.core.engine.onnx.OnnxExportable;
import io.mgd.core.engine.onnx.OnnxGraph;
import java.util.ArrayList;
import java.util.List;
import io.mgd.core.nn.Module;
import io.mgd.core.registry.Default;

/**
 * mmcls {@code GlobalAveragePooling}: AdaptiveAvgPool2d(1) and a view to (N, C), applied to each
 * feature of the tuple. No parameters. Only {@code dim=2} (image features) is supported.
 */
public final class GlobalAveragePooling extends Module implements OnnxExportable {
    /** Config arguments. */
    public record Options(@Default("2") int dim) {
        public Options {
            if (dim != 2) {
                if (dim == 1 || dim == 3) {
                    throw new ConfigException("necks.GlobalAveragePooling: dim=" + dim + " is not supported; only 2");
                }
                throw new IllegalArgumentException("GlobalAveragePooling dim only support {1, 2, 3}, get " + dim);
            }
        }
    }

    public GlobalAveragePooling(NDManager manager) {
        super(manager);
    }

    @Override
    protected NDList forwardInternal(NDList inputs) {
        NDList out = new NDList(inputs.size());
        // The engine's mean takes one axis: flatten H×W, then average (the view to (N, C) included).
        inputs.forEach(x -> out.add(x.reshape(x.getShape().get(0), x.getShape().get(1), -1).mean(new int[] {2})));
        return out;
    }

    /** {@code GlobalAveragePool} then {@code Flatten(axis=1)} on each feature: (N, C). */
    @Override
    public List<String> exportOnnx(OnnxGraph g, List<String> inputs) {
        List<String> out = new ArrayList<>(inputs.size());
        for (String x : inputs) {
            out.add(g.node("Flatten", List.of(g.node("GlobalAveragePool", x)), OnnxGraph.attrs("axis", 1)));
        }
        return out;
    }
}
