package io.mgd.cls.datasets;

import io.mgd.core.util.MgdException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Sample discovery shared by ImageNet and CustomDataset: annotation files and class folders. */
final class FileSamples {
    record Sample(String filename, long label) {}

    private FileSamples() {}

    /** Lines {@code path label} ({@code line.strip().rsplit(' ', 1)}); blank lines are skipped. */
    static List<Sample> fromAnnFile(String annFile, String component) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(annFile));
        } catch (IOException e) {
            throw new MgdException(component + ": cannot read ann_file " + annFile + ": " + e, e);
        }
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            int sp = line.lastIndexOf(' ');
            try {
                if (sp < 0) {
                    throw new NumberFormatException("no label");
                }
                out.add(new Sample(line.substring(0, sp), Long.parseLong(line.substring(sp + 1))));
            } catch (NumberFormatException e) {
                throw new MgdException(component + ": " + annFile + " line " + (i + 1) + ": expected '<path> <label>', got '"
                        + line + "'");
            }
        }
        return out;
    }

    /** Sub-folder names of {@code root}, sorted (class index = position). */
    static List<String> folders(Path root, String component) {
        if (!Files.isDirectory(root)) {
            throw new MgdException(component + ": data_prefix " + root + " is not a directory (and no ann_file is set)");
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Files under each class folder with an allowed extension (case-insensitive), as
     * {@code folder/relative/path}. {@code byDirectory} orders like {@code sorted(os.walk())}
     * (mmcls ImageNet), otherwise by relative path (mmcls CustomDataset).
     */
    static List<Sample> fromFolders(Path root, List<String> folders, List<String> extensions, boolean byDirectory,
            List<String> emptyFolders) {
        List<Sample> out = new ArrayList<>();
        for (int idx = 0; idx < folders.size(); idx++) {
            String folder = folders.get(idx);
            Path dir = root.resolve(folder);
            List<Path> files;
            try (Stream<Path> s = Files.walk(dir)) {
                files = s.filter(Files::isRegularFile).filter(p -> allowed(p, extensions)).toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<String> rel;
            if (byDirectory) {
                Map<String, List<String>> byDir = new TreeMap<>();
                for (Path p : files) {
                    byDir.computeIfAbsent(p.getParent().toString(), k -> new ArrayList<>()).add(dir.relativize(p).toString());
                }
                rel = byDir.values().stream().flatMap(l -> l.stream().sorted()).toList();
            } else {
                rel = files.stream().map(p -> dir.relativize(p).toString()).sorted().toList();
            }
            if (rel.isEmpty()) {
                emptyFolders.add(folder);
            }
            for (String r : rel) {
                out.add(new Sample(folder + "/" + r, idx));
            }
        }
        return out;
    }

    private static boolean allowed(Path p, List<String> extensions) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return extensions.stream().anyMatch(e -> name.endsWith(e.toLowerCase(Locale.ROOT)));
    }
}
