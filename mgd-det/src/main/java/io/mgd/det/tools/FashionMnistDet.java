package io.mgd.det.tools;

import io.mgd.core.util.MgdException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tools/dataset_converters/fashion_mnist_det [--src DIR] --out DIR [--train N] [--val N]
 * [--canvas PX] [--seed S] [--min-scale F] [--max-scale F]}: a thin shell over
 * {@link FashionMnistDetConverter#convert}.
 */
@Command(name = "fashion_mnist_det", sortOptions = false,
        description = "Build a deterministic COCO-format detection dataset from Fashion-MNIST items placed on "
                + "canvases (train/, val/, annotations/instances_{train,val}.json).")
public final class FashionMnistDet implements Callable<Integer> {
    @Option(names = "--src", defaultValue = "/usr/share/datasets/fashion-mnist", paramLabel = "DIR",
            description = "Fashion-MNIST IDX files (.gz or plain); default: ${DEFAULT-VALUE} "
                    + "(Debian package dataset-fashion-mnist)")
    private Path src;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory")
    private Path out;

    @Option(names = "--train", defaultValue = "2000", paramLabel = "N",
            description = "training canvases (default ${DEFAULT-VALUE})")
    private int train;

    @Option(names = "--val", defaultValue = "500", paramLabel = "N",
            description = "validation canvases (default ${DEFAULT-VALUE})")
    private int val;

    @Option(names = "--canvas", defaultValue = "128", paramLabel = "PX",
            description = "canvas side in pixels (default ${DEFAULT-VALUE})")
    private int canvas;

    @Option(names = "--seed", defaultValue = "0", description = "generator seed (default ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--min-scale", defaultValue = "0.75", paramLabel = "F",
            description = "smallest item scale, times the 28 px item side (default ${DEFAULT-VALUE})")
    private double minScale;

    @Option(names = "--max-scale", defaultValue = "2.5", paramLabel = "F",
            description = "largest item scale (default ${DEFAULT-VALUE})")
    private double maxScale;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    private boolean help;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        FashionMnistDetConverter.Summary s = FashionMnistDetConverter.convert(
                new FashionMnistDetConverter.Settings(src, out, train, val, canvas, seed, minScale, maxScale));
        PrintWriter w = spec.commandLine().getOut();
        w.printf("train: %d images, %d objects; val: %d images, %d objects -> %s%n", s.trainImages(),
                s.trainObjects(), s.valImages(), s.valObjects(), out);
        w.flush();
        return 0;
    }

    /** Runs the command with the given streams and returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new FashionMnistDet());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> fail(err, ex.getMessage(), 2));
        cl.setExecutionExceptionHandler((ex, c, parsed) -> ex instanceof MgdException m
                ? fail(err, m.getMessage(), m.exitCode())
                : fail(err, ex.getClass().getSimpleName() + ": " + ex.getMessage(), 1));
        return cl.execute(args);
    }

    private static int fail(PrintWriter err, String message, int code) {
        err.println("fashion_mnist_det: " + String.valueOf(message).replaceAll("\\s*\\R\\s*", " ").strip());
        err.flush();
        return code;
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }
}
