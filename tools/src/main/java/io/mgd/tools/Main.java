package io.mgd.tools;

import io.mgd.core.util.MgdException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Entry point behind the {@code tools/<name>} scripts: dispatches to one picocli command per
 * tool. User-facing failures ({@link MgdException}) print one line and exit with their code
 * (2 usage/config, 1 runtime); picocli usage errors exit 2.
 */
public final class Main {
    private Main() {}

    /** Tool name → command factory. Each tool is a thin shell over a public Java API. */
    static Map<String, Supplier<Callable<Integer>>> tools() {
        Map<String, Supplier<Callable<Integer>>> t = new LinkedHashMap<>();
        t.put("demo", Demo::new);
        t.put("train", Train::new);
        t.put("test", Test::new);
        t.put("eval_metric", EvalMetric::new);
        t.put("pth_transfer", PthTransfer::new);
        t.put("benchmark", Benchmark::new);
        t.put("print_config", PrintConfig::new);
        t.put("deployment/pytorch2onnx", Pytorch2Onnx::new);
        t.put("analyze_logs", AnalyzeLogs::new);
        t.put("analysis/visualize_features", VisualizeFeatures::new);
        t.put("analysis/aggregate_results", AggregateResults::new);
        t.put("dataset_converters/fashion_mnist_det", io.mgd.det.tools.FashionMnistDet::new);
        t.put("dataset_converters/fashion_mnist_seg", io.mgd.seg.tools.FashionMnistSeg::new);
        t.put("dataset_converters/fashion_mnist_subset", FashionMnistSubset::new);
        return t;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a tool and returns its exit code (testable without exiting the JVM). */
    public static int run(String... args) {
        Map<String, Supplier<Callable<Integer>>> tools = tools();
        if (args.length == 0 || !tools.containsKey(args[0])) {
            System.err.println((args.length == 0 ? "no tool given" : "unknown tool '" + args[0] + "'")
                    + "; tools are " + tools.keySet());
            return 2;
        }
        CommandLine cl = new CommandLine(tools.get(args[0]).get());
        cl.setCommandName("tools/" + args[0]);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            // One line and a pointer to --help, not the whole usage text.
            ex.getCommandLine().getErr().println("tools/" + args[0] + ": " + ex.getMessage()
                    + " (see tools/" + args[0] + " --help)");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            Throwable t = ex;
            while (t != null && !(t instanceof MgdException) && t.getCause() != null && t.getCause() != t) {
                t = t.getCause();
            }
            if (t instanceof MgdException me) {
                cmd.getErr().println("tools/" + args[0] + ": " + me.getMessage().replaceAll("\\s*\\R\\s*", " ").strip());
                return me.exitCode();
            }
            cmd.getErr().println("error: " + ex);
            if (System.getenv("MGD_DEBUG") != null) {
                ex.printStackTrace(cmd.getErr());
            } else {
                cmd.getErr().println("(set MGD_DEBUG=1 for the stack trace)");
            }
            return 1;
        });
        return cl.execute(Arrays.copyOfRange(args, 1, args.length));
    }
}
