package io.mgd.tools;

import io.mgd.core.config.Config;
import io.mgd.core.util.MgdException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code print_config CONFIG [--cfg-options K=V ...] [--format py|json|yaml]}: prints the fully
 * resolved config, like MMLab's {@code tools/misc/print_config.py}. Output goes to stdout alone
 * (JSON is exactly one object); a failure is one line on stderr with exit code 2 for a bad config
 * or arguments and 1 otherwise.
 */
@Command(name = "print_config", sortOptions = false,
        description = "Print the whole config after _base_ inheritance and --cfg-options.")
public final class PrintConfig implements Callable<Integer> {

    /** Output formats. */
    enum Format { py, json, yaml }

    @Parameters(index = "0", paramLabel = "CONFIG", description = "config file (.py, .yaml, .yml or .json)")
    private Path config;

    @Option(names = "--cfg-options", arity = "1..*", paramLabel = "KEY=VALUE",
            description = "override settings, e.g. model.backbone.depth=50 data.train.pipeline.1.type=X "
                    + "lr_config.step=[8,11]")
    private List<String> cfgOptions = new ArrayList<>();

    /** MMLab's deprecated spelling of --cfg-options, still accepted. */
    @Option(names = "--options", arity = "1..*", hidden = true)
    private List<String> legacyOptions = new ArrayList<>();

    @Option(names = "--format", defaultValue = "py", paramLabel = "FORMAT",
            description = "py (Python dict text, the default), json or yaml")
    private Format format;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    private boolean help;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        List<String> options = new ArrayList<>(legacyOptions);
        options.addAll(cfgOptions);
        Config cfg = Config.load(config, options);
        String text = switch (format) {
            case py -> cfg.prettyText();
            case json -> cfg.toJson();
            case yaml -> cfg.toYaml();
        };
        PrintWriter out = spec.commandLine().getOut();
        out.print(text.endsWith("\n") ? text : text + "\n");
        out.flush();
        return 0;
    }

    /**
     * Runs the command with the given streams and returns the exit code; {@link #main} wraps it.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new PrintConfig());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> fail(err, ex.getMessage(), 2));
        cl.setExecutionExceptionHandler((ex, c, parsed) -> ex instanceof MgdException m
                ? fail(err, m.getMessage(), m.exitCode())
                : fail(err, ex.getClass().getSimpleName() + ": " + ex.getMessage(), 1));
        return cl.execute(args);
    }

    private static int fail(PrintWriter err, String message, int code) {
        // One line, no stack trace: scripts and users read the message, not a trace.
        err.println("print_config: " + String.valueOf(message).replaceAll("\\s*\\R\\s*", " ").strip());
        err.flush();
        return code;
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }
}
