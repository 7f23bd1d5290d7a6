package io.mgd.tools;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.apis.Task;
import io.mgd.core.apis.Tasks;
import io.mgd.core.apis.TestApi;
import io.mgd.core.config.Config;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.engine.onnx.ExportOptions;
import io.mgd.core.engine.onnx.ExportResult;
import io.mgd.core.engine.onnx.OnnxExporter;
import io.mgd.core.engine.onnx.OnnxModel;
import io.mgd.core.engine.onnx.OnnxVerifier;
import io.mgd.core.nn.Module;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.util.MgdException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tools/deployment/pytorch2onnx CONFIG CHECKPOINT --output-file M.onnx [--shape H W] [--opset N]
 * [--dynamic-export] [--verify] [--outputs PATH ...] [--fold-bn]}: the {@code pytorch2onnx.py} of
 * mmcls, mmseg and mmdet. Builds the config's {@code model} (a distiller config's student), loads a
 * plain or distiller checkpoint and writes the eval-mode forward as ONNX (a classifier's scores, a
 * segmentor's logits at the input size, a detector's raw per-level head outputs); {@code --verify} compares ONNX Runtime with
 * the DJL forward on random input and on real test samples.
 */
@Command(name = "deployment/pytorch2onnx", mixinStandardHelpOptions = true,
        description = "Export a model checkpoint to ONNX (and verify it against the DJL forward).")
public final class Pytorch2Onnx implements Callable<Integer> {
    /** The largest max abs difference {@code --verify} accepts. */
    static final double TOLERANCE = 1e-4;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "model config (a distiller config exports its student)")
    Path config;

    @Parameters(index = "1", paramLabel = "CHECKPOINT", description = "checkpoint file (.pth; a distiller's uses its student)")
    Path checkpoint;

    @Option(names = "--output-file", defaultValue = "tmp.onnx", description = "ONNX file to write (default tmp.onnx)")
    Path outputFile;

    @Option(names = "--shape", arity = "1..2", paramLabel = "H [W]",
            description = "input height and width (one value: square); default: from the test pipeline")
    List<Integer> shape = new ArrayList<>();

    @Option(names = "--opset", defaultValue = "" + ExportOptions.DEFAULT_OPSET,
            description = "ONNX opset, " + ExportOptions.MIN_OPSET + " to " + ExportOptions.MAX_OPSET + " (default 11)")
    int opset;

    @Option(names = "--dynamic-export", description = "symbolic batch (and H/W where the model allows)")
    boolean dynamic;

    @Option(names = "--verify", description = "compare ONNX Runtime with the DJL forward (max abs diff <= 1e-4)")
    boolean verify;

    @Option(names = "--outputs", arity = "1..*", paramLabel = "MODULE",
            description = "extra graph outputs named by module path, e.g. backbone (a teacher for teacher_onnx)")
    List<String> outputs = new ArrayList<>();

    @Option(names = "--fold-bn", description = "fold BatchNorm into the preceding convolution")
    boolean foldBn;

    @Option(names = "--no-softmax", description = "classifiers: export the logits instead of the softmax scores")
    boolean noSoftmax;

    @Option(names = {"--cfg-options", "--options"}, arity = "1..*", paramLabel = "KEY=VALUE",
            description = "override settings in the config")
    List<String> cfgOptions = new ArrayList<>();

    @Override
    public Integer call() {
        Config cfg = Config.load(config, cfgOptions);
        ConfigDict d = cfg.dict();
        ConfigDict modelCfg = d.getDict("model");
        if (modelCfg == null) {
            throw new ConfigException(config + " has no 'model' section");
        }
        Task task = Tasks.forConfig(d);
        try (NDManager manager = NDManager.newBaseManager()) {
            BuildContext ctx = new BuildContext(Registries.load(), manager);
            Module model = ctx.build(Registries.MODELS, modelCfg);
            TestApi.loadWeights(model, checkpoint);
            model.eval();
            int channels = ExportInputs.inChannels(modelCfg);
            long[] hw = shape.isEmpty() ? ExportInputs.defaultSize(d, task, ctx)
                    : new long[] {shape.get(0), shape.get(shape.size() - 1)};
            ExportOptions opts = ExportOptions.of(1, channels, hw[0], hw[1]).withOpset(opset).withDynamic(dynamic)
                    .withOutputs(outputs).withFoldBn(foldBn).withSoftmax(!noSoftmax);
            ExportResult r = OnnxExporter.export(model, opts, outputFile);
            System.out.println("Successfully exported ONNX model: " + r.file() + " (input " + r.inputName() + " "
                    + (dynamic ? "[batch, " + channels + (r.dynamicSpatial() ? ", height, width]"
                            : ", " + hw[0] + ", " + hw[1] + "]") : java.util.Arrays.toString(opts.inputShape()))
                    + ", outputs " + r.outputNames() + ", opset " + opset
                    + (foldBn ? ", " + r.foldedBatchNorms() + " BatchNorms folded" : "") + ")");
            if (r.staticSpatialReason() != null) {
                System.out.println("note: height and width stay fixed: " + r.staticSpatialReason());
            }
            if (verify) {
                verify(model, d, task, ctx, manager, channels, hw, r);
            }
        }
        return 0;
    }

    private void verify(Module model, ConfigDict d, Task task, BuildContext ctx, NDManager manager, int channels,
            long[] hw, ExportResult r) {
        List<String> failures = new ArrayList<>();
        try (OnnxModel onnx = OnnxModel.load(r.file()); NDManager scratch = manager.newSubManager()) {
            // A dynamic export is checked at another batch size than the example's.
            NDArray random = scratch.randomNormal(new Shape(dynamic ? 2 : 1, channels, hw[0], hw[1]));
            report("random input " + dims(random.getShape()), OnnxVerifier.verify(model, model::forward, onnx,
                    new NDList(random)), failures);
            NDArray real = ExportInputs.testSamples(d, task, ctx, scratch, dynamic ? 4 : 1);
            Shape s = real.getShape();
            boolean spatialFits = r.dynamicSpatial() || (s.get(2) == hw[0] && s.get(3) == hw[1]);
            if (s.get(1) != channels || !spatialFits) {
                throw new MgdException("--verify: the test samples of " + config + " are " + dims(s) + " but the model was "
                        + "exported for " + channels + "x" + hw[0] + "x" + hw[1] + "; pass --shape " + s.get(2) + " "
                        + s.get(3) + (r.dynamicSpatial() ? "" : " or --dynamic-export"));
            }
            report("test samples " + dims(s), OnnxVerifier.verify(model, model::forward, onnx, new NDList(real)), failures);
        }
        if (!failures.isEmpty()) {
            throw new MgdException("--verify failed: ONNX Runtime and DJL differ by more than " + TOLERANCE + " on "
                    + failures);
        }
        System.out.println("The numerical values are the same between DJL and ONNX Runtime (max abs diff <= "
                + TOLERANCE + ")");
    }

    private static String dims(Shape s) {
        return java.util.Arrays.toString(s.getShape());
    }

    private static void report(String what, Map<String, Double> diffs, List<String> failures) {
        diffs.forEach((name, diff) -> {
            System.out.printf("verify %s: %s max abs diff %.3g%n", what, name, diff);
            if (!(diff <= TOLERANCE)) {
                failures.add(what + " " + name + " (" + diff + ")");
            }
        });
    }
}
