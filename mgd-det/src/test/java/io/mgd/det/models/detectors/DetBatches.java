package io.mgd.det.models.detectors;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Tiny generated detection batches and the repository's config files, for detector tests. */
public final class DetBatches {
    private DetBatches() {}

    /** The targets of an {@code n}×3×{@code size}×{@code size} batch: two boxes per image. */
    public static Map<String, Object> targets(NDManager m, int n, int size) {
        NDList boxes = new NDList();
        NDList labels = new NDList();
        List<Map<String, Object>> metas = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float o = 2f * i;
            boxes.add(m.create(new float[] {4 + o, 6, 30 + o, 40, size / 2f, size / 3f, size - 3f, size - 5f},
                    new Shape(2, 4)));
            labels.add(m.create(new long[] {i % 3, 1}));
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("img_shape", List.of(size, size, 3));
            meta.put("pad_shape", List.of(size, size, 3));
            meta.put("scale_factor", List.of(1.0, 1.0, 1.0, 1.0));
            metas.add(meta);
        }
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("gt_bboxes", boxes);
        t.put("gt_labels", labels);
        t.put("img_metas", metas);
        return t;
    }

    /** The repository root (the directory holding {@code configs/det}), found from the working directory. */
    public static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("configs/det"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("configs/det not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** A config under the repository root. */
    public static Config config(String relative) {
        return Config.fromFile(repoRoot().resolve(relative));
    }
}
