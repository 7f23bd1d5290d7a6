package io.mgd.tools;

import io.mgd.core.apis.TestApi;
import io.mgd.core.apis.TrainApi;
import io.mgd.core.apis.TrainOptions;
import io.mgd.core.util.MgdException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tools/demo}: the main job on the embedded default. Trains the same ResNet_CIFAR-18 (width
 * 4) student twice on the embedded Fashion-MNIST subset — once alone (baseline) and once with MGD
 * from the shipped width-8 teacher — with the same seed, schedule and pipeline, tests both on the
 * embedded test split, plots their loss curves and prints a table.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Baseline vs MGD student on the embedded Fashion-MNIST subset.")
public final class Demo implements Callable<Integer> {
    static final Path STUDENT = Path.of("configs/cls/resnet_cifar/resnet18_w4_fmnist_embedded.yaml");
    static final Path DISTILL = Path.of("configs/cls/distillers/mgd/res18w8_distill_res18w4_fmnist_demo.yaml");
    static final Path TEACHER = Path.of("configs/cls/resnet_cifar/resnet18_w8_fmnist_embedded.yaml");

    @Option(names = "--work-dir", defaultValue = "work_dirs/demo", description = "where runs go (default work_dirs/demo)")
    Path workDir;

    @Option(names = "--epochs", defaultValue = "3", description = "epochs per student (default 3)")
    int epochs;

    @Option(names = "--seed", defaultValue = "0", description = "seed shared by both runs (default 0)")
    long seed;

    record Row(String name, double top1, double seconds, Path log, Path checkpoint) {}

    @Override
    public Integer call() {
        for (Path p : List.of(STUDENT, DISTILL, TEACHER)) {
            if (!Files.isRegularFile(p)) {
                throw new MgdException("demo: " + p + " not found; run tools/demo from the repository root");
            }
        }
        List<String> opts = List.of("runner.max_epochs=" + epochs);
        List<Row> rows = new ArrayList<>();
        Map<String, Path> jsonLogs = new LinkedHashMap<>();
        rows.add(run("baseline student", STUDENT, workDir.resolve("baseline"), opts, jsonLogs));
        rows.add(run("MGD student", DISTILL, workDir.resolve("mgd"), opts, jsonLogs));
        double teacher = TestApi.test(new TestApi.TestOptions(TEACHER,
                Path.of("data/embedded/checkpoints/resnet18_w8_fmnist_embedded.pth"), List.of("accuracy"), null, null,
                List.of())).metrics().get("accuracy_top-1") instanceof Number n ? n.doubleValue() : Double.NaN;
        Path png = workDir.resolve("loss_curves.png");
        List<String> plot = new ArrayList<>(List.of("analyze_logs", "plot_curve"));
        jsonLogs.values().forEach(p -> plot.add(p.toString()));
        plot.addAll(List.of("--keys", "loss", "--legend", "baseline loss", "MGD loss (ori_loss + loss_mgd)",
                "--title", "Fashion-MNIST (embedded subset): baseline vs MGD student", "--out", png.toString()));
        if (Main.run(plot.toArray(String[]::new)) != 0) {
            throw new MgdException("demo: plotting the loss curves failed");
        }
        System.out.println();
        System.out.println("Fashion-MNIST embedded subset (4000 train / 2000 test), ResNet_CIFAR-18 width 4, "
                + epochs + " epochs, seed " + seed);
        System.out.printf("%-22s %8s %9s  %s%n", "model", "top-1 %", "train s", "checkpoint");
        System.out.printf("%-22s %8.2f %9s  %s%n", "teacher (width 8)", teacher, "-",
                "data/embedded/checkpoints/resnet18_w8_fmnist_embedded.pth");
        for (Row r : rows) {
            System.out.printf("%-22s %8.2f %9.0f  %s%n", r.name(), r.top1(), r.seconds(), r.checkpoint());
        }
        System.out.println("logs: " + rows.get(0).log() + ", " + rows.get(1).log());
        System.out.println("loss curves: " + png);
        return 0;
    }

    private Row run(String name, Path config, Path dir, List<String> opts, Map<String, Path> jsonLogs) {
        System.err.println("[demo] training " + name + " (" + config + ") ...");
        long t0 = System.nanoTime();
        TrainApi.TrainResult r = TrainApi.train(new TrainOptions(config, dir, null, opts, seed, true, false));
        double secs = (System.nanoTime() - t0) / 1e9;
        jsonLogs.put(name, r.jsonLog());
        System.err.println("[demo] testing " + name + " ...");
        Object top1 = TestApi.test(new TestApi.TestOptions(config, r.latestCheckpoint(), List.of("accuracy"), null,
                dir.resolve("test_results.json"), List.of())).metrics().get("accuracy_top-1");
        return new Row(name, ((Number) top1).doubleValue(), secs, r.log(), r.latestCheckpoint());
    }
}
