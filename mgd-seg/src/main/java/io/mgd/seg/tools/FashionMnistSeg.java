package io.mgd.seg.tools;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tools/dataset_converters/fashion_mnist_seg}: the command-line shell over
 * {@link FashionMnistSegConverter#convert}.
 */
@Command(name = "fashion_mnist_seg", mixinStandardHelpOptions = true,
        description = "Build a deterministic segmentation dataset (11 classes: background + the 10 Fashion-MNIST "
                + "classes) from Fashion-MNIST items pasted on canvases, in the Cityscapes-style or CustomDataset layout.")
public final class FashionMnistSeg implements Callable<Integer> {
    @Option(names = "--src", description = "folder with the Fashion-MNIST IDX files (default: ${DEFAULT-VALUE})")
    Path src = FashionMnistSegConverter.DEFAULT_SRC;

    @Option(names = "--out", required = true, description = "output root")
    Path out;

    @Option(names = "--train", description = "train samples (default: ${DEFAULT-VALUE})")
    int train = 2000;

    @Option(names = "--val", description = "val samples (default: ${DEFAULT-VALUE})")
    int val = 500;

    @Option(names = "--canvas", description = "canvas side in pixels, at least 28 (default: ${DEFAULT-VALUE})")
    int canvas = 64;

    @Option(names = "--seed", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed = 0;

    @Option(names = "--layout", description = "cityscapes or custom (default: ${DEFAULT-VALUE})")
    String layout = "cityscapes";

    @Option(names = "--threshold", description = "item intensity above which a pixel gets the item's label "
            + "(default: ${DEFAULT-VALUE})")
    int threshold = 50;

    @Option(names = "--max-items", description = "most items per canvas (default: ${DEFAULT-VALUE})")
    int maxItems = 3;

    @Override
    public Integer call() {
        FashionMnistSegConverter.Summary s = FashionMnistSegConverter.convert(new FashionMnistSegConverter.Options(
                src, out, train, val, canvas, seed, layout, threshold, maxItems));
        System.out.println("wrote " + s.train() + " train and " + s.val() + " val samples (" + s.layout()
                + " layout, " + FashionMnistSegConverter.CLASSES.size() + " classes) to " + s.out());
        return 0;
    }

    /** Runs the converter without the tools dispatcher. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new FashionMnistSeg()).execute(args));
    }
}
