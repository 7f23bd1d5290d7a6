package io.mgd.tools;

import io.mgd.core.config.CfgOptions;
import io.mgd.core.config.Config;
import io.mgd.core.config.ConfigDict;
import io.mgd.det.apis.EvalMetricApi;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tools/eval_metric CONFIG RESULTS.json [--eval bbox] [--eval-options ...] [--cfg-options ...]}. */
@Command(name = "eval_metric", mixinStandardHelpOptions = true,
        description = "Evaluate a saved COCO results file (tools/test --out) against the config's test set.")
public final class EvalMetric implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "config file path")
    Path config;

    @Parameters(index = "1", paramLabel = "RESULTS", description = "COCO results JSON (a list of detections)")
    Path results;

    @Option(names = {"--eval", "--metrics"}, arity = "1..*", description = "evaluation metrics, e.g. bbox")
    List<String> metrics = new ArrayList<>();

    @Option(names = {"--eval-options", "--metric-options"}, arity = "1..*", paramLabel = "KEY=VALUE",
            description = "custom options for evaluation, e.g. proposal_nums=[100,300,1000]")
    List<String> evalOptions = new ArrayList<>();

    @Option(names = {"--cfg-options", "--options"}, arity = "1..*", paramLabel = "KEY=VALUE",
            description = "override settings in the config")
    List<String> cfgOptions = new ArrayList<>();

    @Override
    public Integer call() {
        ConfigDict options = evalOptions.isEmpty() ? null : new ConfigDict(CfgOptions.parseOptions(evalOptions));
        LinkedHashMap<String, Object> m = EvalMetricApi.evaluate(Config.load(config, cfgOptions), results, metrics,
                options);
        System.out.println(pythonDict(m));
        return 0;
    }

    /** mmdet's eval_metric prints the metric dict: {@code {'bbox_mAP': 0.5, 'bbox_mAP_copypaste': '0.5 ...'}}. */
    static String pythonDict(LinkedHashMap<String, Object> m) {
        List<String> items = new ArrayList<>();
        m.forEach((k, v) -> items.add("'" + k + "': " + (v instanceof String s ? "'" + s + "'" : String.valueOf(v))));
        return "{" + String.join(", ", items) + "}";
    }
}
