package io.mgd.seg.datasets;

import io.mgd.core.util.MgdException;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** File listing for segmentation datasets: mmcv's {@code scandir} and split files. */
final class SegFiles {
    private SegFiles() {}

    /**
     * {@code sorted(mmcv.scandir(dir, suffix, recursive=True))}: paths relative to {@code dir}
     * of regular files whose relative path ends with {@code suffix}, skipping files whose name
     * starts with a dot; sorted by path.
     */
    static List<String> scan(Path dir, String suffix, String component) {
        if (!Files.isDirectory(dir)) {
            throw new MgdException(component + ": img_dir " + dir + " is not a directory");
        }
        try (Stream<Path> s = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .map(p -> dir.relativize(p).toString())
                    .filter(rel -> rel.endsWith(suffix))
                    .sorted()
                    .toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new MgdException(component + ": cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The names of a split file, {@code line.strip()} each; blank lines are skipped. */
    static List<String> splitNames(Path split, String component) {
        try {
            return Files.readAllLines(split).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            throw new MgdException(component + ": cannot read split file " + split + ": " + e, e);
        }
    }
}
