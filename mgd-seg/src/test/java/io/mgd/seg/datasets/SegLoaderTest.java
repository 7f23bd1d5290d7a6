package io.mgd.seg.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.data.Batch;
import io.mgd.core.data.HostArray;
import io.mgd.core.data.SampleLoader;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mmseg train and test pipelines end to end: dataset → pipeline → SampleLoader → Batch. */
class SegLoaderTest {
    private static final BuildContext CTX = new BuildContext(Registries.load(), null);
    private static final ConfigDict NORM = ConfigDict.of("type", "Normalize", "mean", List.of(123.675, 116.28, 103.53),
            "std", List.of(58.395, 57.12, 57.375), "to_rgb", true);

    @TempDir
    Path root;

    private void data() throws IOException {
        int[][] sizes = {{20, 30}, {24, 20}, {16, 16}};
        for (int i = 0; i < sizes.length; i++) {
            int h = sizes[i][0];
            int w = sizes[i][1];
            SegFixtures.rgb(root.resolve("img/s" + i + ".png"), h, w, 40 * i, 10, 20);
            int[] labels = new int[h * w];
            for (int p = 0; p < labels.length; p++) {
                labels[p] = (p % w) * 4 / w;
            }
            SegFixtures.grey(root.resolve("ann/s" + i + ".png"), h, w, labels);
        }
    }

    private CustomDataset dataset(boolean test, List<Object> pipeline) {
        return (CustomDataset) CTX.build(SegDataModule.DATASETS, ConfigDict.of("type", "CustomDataset",
                "data_root", root.toString(), "img_dir", "img", "ann_dir", "ann", "img_suffix", ".png",
                "test_mode", test, "classes", List.of("a", "b", "c", "d"), "pipeline", pipeline));
    }

    @Test
    void trainPipelineCollatesIntoStackedImageAndLabelArrays() throws IOException {
        data();
        List<Object> train = List.of(ConfigDict.of("type", "LoadImageFromFile"), ConfigDict.of("type", "LoadAnnotations"),
                ConfigDict.of("type", "Resize", "img_scale", List.of(40, 20), "ratio_range", List.of(0.5, 2.0)),
                ConfigDict.of("type", "RandomCrop", "crop_size", List.of(12, 12), "cat_max_ratio", 0.75),
                ConfigDict.of("type", "RandomFlip", "prob", 0.5), ConfigDict.of("type", "PhotoMetricDistortion"), NORM,
                ConfigDict.of("type", "Pad", "size", List.of(12, 12), "pad_val", 0, "seg_pad_val", 255),
                ConfigDict.of("type", "DefaultFormatBundle"),
                ConfigDict.of("type", "Collect", "keys", List.of("img", "gt_semantic_seg")));
        CustomDataset ds = dataset(false, train);
        try (NDManager m = NDManager.newBaseManager(); SampleLoader loader = new SampleLoader(ds, 3, 2, true, false, 7)) {
            try (SampleLoader.Epoch it = loader.iterate(0, m); Batch b = it.next()) {
                NDArray img = b.getArray("img");
                NDArray gt = b.getArray("gt_semantic_seg");
                assertEquals(new Shape(3, 3, 12, 12), img.getShape());
                assertEquals(DataType.FLOAT32, img.getDataType());
                assertEquals(new Shape(3, 1, 12, 12), gt.getShape());
                assertEquals(DataType.INT64, gt.getDataType());
                for (long v : gt.toLongArray()) {
                    assertTrue(v >= 0 && v <= 3 || v == 255, "labels or padding: " + v);
                }
                List<Object> metas = b.getList("img_metas");
                assertEquals(3, metas.size());
                Map<?, ?> meta = (Map<?, ?>) metas.get(0);
                assertEquals(List.of("filename", "ori_filename", "ori_shape", "img_shape", "pad_shape", "scale_factor",
                        "flip", "flip_direction", "img_norm_cfg"), List.copyOf(meta.keySet()));
                assertEquals(List.of(12, 12, 3), meta.get("pad_shape"));
            }
        }
    }

    @Test
    void multiScaleFlipAugGivesOneEntryPerAugmentation() throws IOException {
        data();
        List<Object> test = List.of(ConfigDict.of("type", "LoadImageFromFile"),
                ConfigDict.of("type", "MultiScaleFlipAug", "img_scale", List.of(40, 20), "img_ratios", List.of(0.5, 1.0),
                        "flip", true, "transforms", List.of(ConfigDict.of("type", "Resize", "keep_ratio", true),
                                ConfigDict.of("type", "RandomFlip"), NORM,
                                ConfigDict.of("type", "ImageToTensor", "keys", List.of("img")),
                                ConfigDict.of("type", "Collect", "keys", List.of("img")))));
        CustomDataset ds = dataset(true, test);
        Map<String, Object> one = ds.get(0);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> metas = (List<Map<String, Object>>) one.get("img_metas");
        @SuppressWarnings("unchecked")
        List<HostArray> imgs = (List<HostArray>) one.get("img");
        assertEquals(4, metas.size(), "2 scales × (no flip, flip)");
        assertEquals(List.of(false, true, false, true), metas.stream().map(x -> x.get("flip")).toList());
        // 20×30 image: (20, 10) → factor min(20/30, 10/20) = 0.5 → 10×15; (40, 20) → 20×30
        assertEquals(List.of(10, 15, 3), metas.get(0).get("img_shape"));
        assertEquals(List.of(20, 30, 3), metas.get(3).get("img_shape"));
        assertEquals(List.of(3L, 10L, 15L), List.of(imgs.get(1).shape()[0], imgs.get(1).shape()[1], imgs.get(1).shape()[2]));
        // flipped and unflipped copies mirror each other
        float[] a = (float[]) imgs.get(2).data();
        float[] f = (float[]) imgs.get(3).data();
        assertEquals(a[0], f[29], 1e-6);

        CustomDataset same = dataset(true, List.of(ConfigDict.of("type", "LoadImageFromFile"),
                ConfigDict.of("type", "MultiScaleFlipAug", "img_scale", List.of(16, 16), "flip", true,
                        "transforms", List.of(ConfigDict.of("type", "Resize", "keep_ratio", false),
                                ConfigDict.of("type", "RandomFlip"), NORM,
                                ConfigDict.of("type", "ImageToTensor", "keys", List.of("img")),
                                ConfigDict.of("type", "Collect", "keys", List.of("img"))))));
        try (NDManager m = NDManager.newBaseManager(); SampleLoader loader = new SampleLoader(same, 2, 0, false, false, 0)) {
            try (SampleLoader.Epoch it = loader.iterate(0, m); Batch b = it.next()) {
                Object img = b.get("img");
                assertTrue(img instanceof NDList, "one stacked array per augmentation: " + img);
                NDList list = (NDList) img;
                assertEquals(2, list.size());
                assertEquals(new Shape(2, 3, 16, 16), list.get(0).getShape());
                List<Object> metas2 = b.getList("img_metas");
                assertEquals(2, metas2.size(), "per augmentation");
                assertEquals(2, ((List<?>) metas2.get(1)).size(), "per sample");
                assertEquals(true, ((Map<?, ?>) ((List<?>) metas2.get(1)).get(0)).get("flip"));
            }
        }
    }
}
