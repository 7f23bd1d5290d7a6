package io.mgd.tools;

import io.mgd.core.apis.TrainApi;
import io.mgd.core.apis.TrainOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tools/train CONFIG [--work-dir] [--resume-from] [--cfg-options] [--seed] [--deterministic] [--no-validate]}. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a model or a distiller from a config.")
public final class Train implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "train config file path")
    Path config;

    @Option(names = "--work-dir", description = "the dir to save logs and models")
    Path workDir;

    @Option(names = "--resume-from", description = "the checkpoint file to resume from")
    Path resumeFrom;

    @Option(names = "--no-validate", description = "whether not to evaluate the checkpoint during training")
    boolean noValidate;

    @Option(names = "--seed", description = "random seed")
    Long seed;

    @Option(names = "--deterministic", description = "whether to set deterministic options")
    boolean deterministic;

    @Option(names = {"--cfg-options", "--options"}, arity = "1..*", paramLabel = "KEY=VALUE",
            description = "override settings in the config, e.g. runner.max_epochs=2")
    List<String> cfgOptions = new ArrayList<>();

    @Override
    public Integer call() {
        TrainApi.TrainResult r = TrainApi.train(new TrainOptions(config, workDir, resumeFrom, cfgOptions, seed,
                deterministic, noValidate));
        System.err.println("work_dir: " + r.workDir() + "\nlog: " + r.log() + "\njson log: " + r.jsonLog()
                + (r.latestCheckpoint() != null ? "\nlatest checkpoint: " + r.latestCheckpoint() : ""));
        return 0;
    }
}
