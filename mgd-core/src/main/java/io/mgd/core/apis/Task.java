package io.mgd.core.apis;

import ai.djl.ndarray.NDManager;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.data.Collate;
import io.mgd.core.data.DataLoader;
import io.mgd.core.data.Dataset;
import io.mgd.core.engine.onnx.OnnxModel;
import io.mgd.core.nn.Module;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.util.MgdException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A task plug-in (classification, detection, segmentation), found with {@link java.util.ServiceLoader}
 * under {@code META-INF/services/io.mgd.core.apis.Task}. It is what MMClassification,
 * MMDetection and MMSegmentation each contribute to their own {@code tools/train.py} and
 * {@code tools/test.py}: datasets, the test loop and the dataset metrics.
 */
public interface Task {
    /** Short name: {@code cls}, {@code det}, {@code seg}. */
    String name();

    /** The logger name of this task's text logs ({@code mmcls}, {@code mmdet}, {@code mmseg}). */
    String loggerName();

    /** Whether a {@code model.type} or {@code distiller.type} belongs to this task. */
    boolean owns(String type);

    /** Builds a dataset from a {@code data.train|val|test} entry (task-scoped registries). */
    Dataset buildDataset(ConfigDict cfg, BuildContext ctx);

    /**
     * How this task's samples are batched by the train, validation and test loaders: mmcv's
     * standard collate by default; detection pads images of different sizes and keeps per-image
     * box lists ({@code DetCollate}).
     */
    default Collate collate() {
        return Collate.standard();
    }

    /** Class names of a dataset built by {@link #buildDataset}, or null. */
    List<String> classes(Dataset dataset);

    /**
     * Runs {@code model} (in eval mode, without gradients) over {@code loader} and returns one
     * result per sample, in dataset order (class scores, detections, label maps ...).
     */
    List<Object> predict(Module model, DataLoader loader, NDManager manager);

    /**
     * {@link #predict}, also drawing each prediction into {@code showDir} ({@code tools/test
     * --show-dir}) when it is not null. Tasks without a visualisation keep this default, which
     * refuses a show folder.
     *
     * @throws MgdException when {@code showDir} is given and this task cannot draw its results
     */
    default List<Object> predict(Module model, DataLoader loader, NDManager manager, Path showDir) {
        if (showDir != null) {
            throw new MgdException("--show-dir is not supported for the '" + name() + "' task yet");
        }
        return predict(model, loader, manager);
    }

    /**
     * {@link #predict} for an exported model run on ONNX Runtime ({@code tools/test CONFIG
     * M.onnx}): the same per-sample results from the graph's outputs. The DJL model is not built;
     * a task whose post-processing needs model settings (a detector's anchors, box coder and
     * {@code test_cfg}, a segmentor's {@code align_corners}) reads them from {@code modelCfg}.
     * Tasks whose models cannot be exported yet keep this default, which refuses.
     *
     * @param modelCfg the config's {@code model} section
     * @param ctx registries and the manager that owns what this builds
     * @throws MgdException when this task has no ONNX Runtime test loop
     */
    default List<Object> predictOnnx(OnnxModel model, ConfigDict modelCfg, DataLoader loader, BuildContext ctx) {
        throw new MgdException("testing an ONNX model ('" + model.path() + "') is not supported for the '" + name()
                + "' task yet; test the .pth checkpoint instead");
    }

    /** mmcv {@code dataset.evaluate(results, metric, **metric_options)}, in log order. */
    LinkedHashMap<String, Object> evaluate(Dataset dataset, List<Object> results, List<String> metrics,
            ConfigDict metricOptions);

    /** A JSON-ready form of the metrics and per-sample results for {@code tools/test --out}. */
    Object formatResults(Dataset dataset, List<Object> results, LinkedHashMap<String, Object> metrics);
}
