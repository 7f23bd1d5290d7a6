package io.mgd.core.runner;

import java.io.PrintStream;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a train or test loop with an ETA. On an interactive terminal it draws a progress
 * bar on stderr (like mmcv's {@code ProgressBar} in {@code single_gpu_test}); when there is no
 * console or {@code CI=true}, it falls back to a plain line every tenth of the work, so logs of
 * batch jobs stay readable.
 */
public final class Progress implements AutoCloseable {
    private final String task;
    private final long total;
    private final ProgressBar bar;
    private final Consumer<String> lines;
    private final long startNanos = System.nanoTime();
    private long done;
    private long nextLine;

    private Progress(String task, long total, ProgressBar bar, Consumer<String> lines) {
        this.task = task;
        this.total = total;
        this.bar = bar;
        this.lines = lines;
        this.nextLine = lineStep();
    }

    /** Starts a progress display; fallback lines go to {@code logger} (or stderr when null). */
    public static Progress start(String task, long total, RunLogger logger) {
        Consumer<String> lines = logger != null ? logger::info : System.err::println;
        return interactive() ? withBar(task, total, System.err) : withLines(task, total, lines);
    }

    /** Whether a terminal is attached and {@code CI} is not {@code true}. */
    public static boolean interactive() {
        return System.console() != null && !"true".equalsIgnoreCase(System.getenv("CI"));
    }

    static Progress withBar(String task, long total, PrintStream out) {
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(out))
                .showSpeed().build();
        return new Progress(task, total, bar, null);
    }

    static Progress withLines(String task, long total, Consumer<String> lines) {
        return new Progress(task, total, null, lines);
    }

    private long lineStep() {
        return Math.max(1, (total + 9) / 10);
    }

    /** Records {@code n} more items done. */
    public void step(long n) {
        done += n;
        if (bar != null) {
            bar.stepBy(n);
            return;
        }
        if (done >= nextLine || done == total) {
            double elapsed = (System.nanoTime() - startNanos) / 1e9;
            double eta = done == 0 ? 0 : elapsed / done * Math.max(0, total - done);
            lines.accept(String.format("%s: %d/%d, elapsed: %s, eta: %s", task, done, total,
                    BaseRunner.formatDuration(elapsed), BaseRunner.formatDuration(eta)));
            while (nextLine <= done) {
                nextLine += lineStep();
            }
        }
    }

    /** Items done so far. */
    public long done() {
        return done;
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
