package io.mgd.tools;

import io.mgd.core.apis.BenchmarkApi;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tools/benchmark CONFIG [--iters N] [--batch B] [--size S] [--teacher-backend djl|onnxruntime ...]}:
 * training-step speed and peak RSS, once per teacher backend asked for.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = "Time training steps (teacher forward + student forward/backward + losses + optimizer) on synthetic input.")
public final class Benchmark implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "model or distiller config")
    Path config;

    @Option(names = "--iters", defaultValue = "5", description = "timed steps (default 5)")
    int iters;

    @Option(names = "--warmup", defaultValue = "1", description = "untimed steps first (default 1)")
    int warmup;

    @Option(names = "--batch", defaultValue = "32", description = "batch size (default 32)")
    int batch;

    @Option(names = "--size", defaultValue = "224", description = "input height and width (default 224)")
    int size;

    @Option(names = "--pretrained-teacher", description = "load teacher_pretrained (default: random teacher weights)")
    boolean pretrainedTeacher;

    @Option(names = "--teacher-backend", arity = "1..*", paramLabel = "djl|onnxruntime",
            description = "distiller configs: run the teacher on these backends, one benchmark each in this order "
                    + "(onnxruntime exports the teacher with its hooked features to a temporary file first); "
                    + "default: the config's teacher_backend")
    List<String> teacherBackends = new ArrayList<>();

    @Option(names = {"--cfg-options", "--options"}, arity = "1..*", paramLabel = "KEY=VALUE")
    List<String> cfgOptions = new ArrayList<>();

    @Override
    public Integer call() {
        System.out.println("native allocator: " + nativeAllocator());
        List<String> backends = teacherBackends.isEmpty() ? java.util.Collections.singletonList(null) : teacherBackends;
        for (String backend : backends) {
            BenchmarkApi.Result r = BenchmarkApi.run(new BenchmarkApi.Options(config, iters, warmup, batch, size,
                    cfgOptions, !pretrainedTeacher, backend));
            // The RSS is the process peak so far: a later backend's figure includes the earlier runs.
            System.out.printf("mgd-java %s%s batch %d size %d %s: %.2f img/s (%.0f ms/step), peak RSS %.0f MiB%n",
                    r.model(), r.teacherBackend() == null ? "" : " (teacher on " + r.teacherBackend() + ")",
                    r.batch(), r.size(), r.memoryFormat().torchName(), r.imagesPerSecond(), r.msPerStep(),
                    r.peakRssKb() / 1024.0);
        }
        return 0;
    }

    /** Which malloc libtorch's buffers come from (tools/_launch preloads tcmalloc when installed). */
    static String nativeAllocator() {
        try {
            String maps = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/maps"));
            for (String lib : new String[] {"tcmalloc", "jemalloc"}) {
                if (maps.contains("lib" + lib)) {
                    return lib;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown (/proc/self/maps unreadable)";
        }
        String threshold = System.getenv("MALLOC_MMAP_THRESHOLD_");
        return threshold == null ? "glibc" : "glibc, MALLOC_MMAP_THRESHOLD_=" + threshold;
    }
}
