package io.mgd.seg.datasets;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.util.MgdException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * mmseg 0.20 {@code CustomDataset.get_classes_and_palette}: the class names, palette and (for a
 * subset of a dataset's own classes) the label map a dataset uses.
 *
 * @param classes {@code CLASSES} (null when neither the dataset nor the config names them)
 * @param palette {@code PALETTE}, one [r, g, b] per class (null when there are no classes)
 * @param labelMap old label → new label (−1 for dropped classes), or null
 * @param custom whether {@code classes} was given in the config ({@code custom_classes})
 */
record SegClasses(List<String> classes, List<List<Integer>> palette, Map<Integer, Integer> labelMap, boolean custom) {

    /**
     * Resolves {@code classes} (None, a file with one name a line, or a list) and {@code palette}
     * against the dataset's defaults. As in mmseg: without {@code classes} the defaults are used and
     * {@code palette} is ignored; a subset of the default classes maps the old labels to new ones
     * and takes the matching palette rows; classes of a dataset without defaults take
     * {@code palette}, or a random one (drawn from a fixed seed here, so runs agree).
     */
    static SegClasses resolve(Object classes, Object palette, List<String> defaultClasses,
            List<List<Integer>> defaultPalette, String component) {
        if (classes == null) {
            return new SegClasses(defaultClasses, defaultPalette, null, false);
        }
        List<String> names = names(classes, component);
        Map<Integer, Integer> labelMap = null;
        List<List<Integer>> pal;
        if (defaultClasses != null && !defaultClasses.isEmpty()) {
            List<String> unknown = names.stream().filter(n -> !defaultClasses.contains(n)).toList();
            if (!unknown.isEmpty()) {
                throw new ConfigException(component + ": classes is not a subset of CLASSES: " + unknown
                        + " are not among " + defaultClasses);
            }
            labelMap = new LinkedHashMap<>();
            List<List<Integer>> byNew = new ArrayList<>(Collections.nCopies(names.size(), null));
            for (int i = 0; i < defaultClasses.size(); i++) {
                int newId = names.indexOf(defaultClasses.get(i));
                labelMap.put(i, newId);
                if (newId >= 0) {
                    byNew.set(newId, defaultPalette.get(i));
                }
            }
            pal = byNew.stream().filter(java.util.Objects::nonNull).toList();
            labelMap = Collections.unmodifiableMap(labelMap);
        } else if (palette != null) {
            pal = palette(palette, component);
        } else if (defaultPalette != null) {
            pal = defaultPalette;
        } else {
            SplittableRandom r = new SplittableRandom(0);
            List<List<Integer>> random = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                random.add(List.of(r.nextInt(255), r.nextInt(255), r.nextInt(255)));
            }
            pal = List.copyOf(random);
        }
        return new SegClasses(names, pal, labelMap, true);
    }

    private static List<String> names(Object classes, String component) {
        if (classes instanceof String file) {
            try {
                return List.copyOf(Files.readAllLines(Path.of(file)));
            } catch (IOException e) {
                throw new MgdException(component + ": cannot read classes file " + file + ": " + e, e);
            }
        }
        if (classes instanceof List<?> l && l.stream().allMatch(x -> x instanceof String)) {
            return l.stream().map(String.class::cast).toList();
        }
        throw new ConfigException(component + ": classes must be None, a file name or a list of names, got "
                + ConfigDict.describe(classes));
    }

    /** A list of [r, g, b] rows of ints in 0..255. */
    static List<List<Integer>> palette(Object palette, String component) {
        if (palette instanceof List<?> rows) {
            List<List<Integer>> out = new ArrayList<>();
            for (Object row : rows) {
                if (!(row instanceof List<?> c) || c.size() != 3
                        || !c.stream().allMatch(v -> v instanceof Long x && x >= 0 && x <= 255)) {
                    throw new ConfigException(component + ": palette rows must be [r, g, b] ints in 0..255, got "
                            + ConfigDict.describe(row));
                }
                out.add(c.stream().map(v -> ((Long) v).intValue()).toList());
            }
            return List.copyOf(out);
        }
        throw new ConfigException(component + ": palette must be a list of [r, g, b] rows, got "
                + ConfigDict.describe(palette));
    }
}
