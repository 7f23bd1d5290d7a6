package io.mgd.tools;

import io.mgd.core.apis.TestApi;
import io.mgd.core.config.CfgOptions;
import io.mgd.core.config.ConfigDict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tools/test CONFIG CHECKPOINT [--metrics ...] [--metric-options ...] [--out FILE.json] [--show-dir DIR]
 * [--backend djl|onnxruntime] [--cfg-options ...]}; a {@code .onnx} file is run on ONNX Runtime.
 */
@Command(name = "test", mixinStandardHelpOptions = true, description = "Evaluate a checkpoint on the config's test set.")
public final class Test implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "test config file path")
    Path config;

    @Parameters(index = "1", paramLabel = "CHECKPOINT",
            description = "checkpoint file (.pth; a distiller's uses its student) or exported model (.onnx)")
    Path checkpoint;

    @Option(names = "--backend", description = "djl or onnxruntime (default: onnxruntime for a .onnx file, else djl)")
    TestApi.Backend backend;

    @Option(names = {"--metrics", "--eval"}, arity = "1..*", description = "evaluation metrics, e.g. accuracy, bbox, mIoU")
    List<String> metrics = new ArrayList<>();

    @Option(names = {"--metric-options", "--eval-options"}, arity = "1..*", paramLabel = "KEY=VALUE",
            description = "custom options for evaluation, e.g. topk=1")
    List<String> metricOptions = new ArrayList<>();

    @Option(names = "--out", description = "output result file (JSON)")
    Path out;

    @Option(names = "--show-dir", description = "directory where painted images will be saved (segmentation: "
            + "each image blended with the palette colours of its predicted classes, opacity 0.5)")
    Path showDir;

    @Option(names = {"--cfg-options", "--options"}, arity = "1..*", paramLabel = "KEY=VALUE",
            description = "override settings in the config")
    List<String> cfgOptions = new ArrayList<>();

    @Override
    public Integer call() {
        ConfigDict options = null;
        if (!metricOptions.isEmpty()) {
            Map<String, Object> parsed = CfgOptions.parseOptions(metricOptions);
            options = new ConfigDict(parsed);
        }
        TestApi.TestResult r = TestApi.test(new TestApi.TestOptions(config, checkpoint, metrics, options, out, cfgOptions,
                showDir),
                backend);
        r.metrics().forEach((k, v) -> System.out.println(v instanceof Number n
                ? String.format("%n%s : %.2f", k, n.doubleValue()) : String.format("%n%s : %s", k, v)));
        if (out != null) {
            System.err.println("dumping results to " + out);
        }
        return 0;
    }
}
