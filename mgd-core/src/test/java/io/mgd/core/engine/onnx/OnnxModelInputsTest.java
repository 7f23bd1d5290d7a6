package io.mgd.core.engine.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import io.mgd.core.apis.Task;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.data.DataLoader;
import io.mgd.core.data.Dataset;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.layers.Conv2d;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.util.MgdException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OnnxModel#inputShape} for static and dynamic exports, and the task default of predictOnnx. */
class OnnxModelInputsTest {
    @TempDir
    Path tmp;

    @Test
    void inputShapeIsDeclaredWithMinusOneForSymbolicDims() {
        try (NDManager m = NDManager.newBaseManager()) {
            Conv2d conv = new Conv2d(m, 2, 3, 1, 1, 0, 1, 1, true);
            Path fixed = tmp.resolve("fixed.onnx");
            Path dynamic = tmp.resolve("dynamic.onnx");
            OnnxExporter.export(conv, ExportOptions.of(1, 2, 5, 7), fixed);
            OnnxExporter.export(conv, ExportOptions.of(1, 2, 5, 7).withDynamic(true), dynamic);
            try (OnnxModel a = OnnxModel.load(fixed); OnnxModel b = OnnxModel.load(dynamic)) {
                assertArrayEquals(new long[] {1, 2, 5, 7}, a.inputShape("input"));
                assertArrayEquals(new long[] {-1, 2, -1, -1}, b.inputShape("input"));
                MgdException e = assertThrows(MgdException.class, () -> a.inputShape("img"));
                assertEquals("ONNX model '" + fixed + "' has no tensor input 'img'; its inputs are [input]",
                        e.getMessage());
                MgdException refused = assertThrows(MgdException.class, () -> new NoOnnxTask().predictOnnx(a, null, null, null));
                assertEquals("testing an ONNX model ('" + fixed + "') is not supported for the 'toy' task yet; test the "
                        + ".pth checkpoint instead", refused.getMessage());
            }
        }
    }

    /** A task that keeps the default {@link Task#predictOnnx}. */
    private static final class NoOnnxTask implements Task {
        @Override
        public String name() {
            return "toy";
        }

        @Override
        public String loggerName() {
            return "toy";
        }

        @Override
        public boolean owns(String type) {
            return false;
        }

        @Override
        public Dataset buildDataset(ConfigDict cfg, BuildContext ctx) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> classes(Dataset dataset) {
            return null;
        }

        @Override
        public List<Object> predict(Module model, DataLoader loader, NDManager manager) {
            throw new UnsupportedOperationException();
        }

        @Override
        public LinkedHashMap<String, Object> evaluate(Dataset dataset, List<Object> results, List<String> metrics,
                ConfigDict metricOptions) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object formatResults(Dataset dataset, List<Object> results, LinkedHashMap<String, Object> metrics) {
            throw new UnsupportedOperationException();
        }
    }
}
