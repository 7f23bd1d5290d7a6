package io.mgd.det.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.data.Batch;
import io.mgd.core.data.Compose;
import io.mgd.core.data.HostArray;
import io.mgd.core.data.SampleLoader;
import io.mgd.core.data.Transform;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mmdet training pipeline on {@link CocoFixture} images, then batches from the loader. */
class CocoPipelineTest {
    @TempDir
    Path dir;

    private CocoDataset build(Path ann, List<?> pipeline, boolean testMode) {
        return new CocoDataset(CocoFixture.options(ann, null, testMode, true),
                DetDataModule.buildPipeline(pipeline, CocoFixture.CTX));
    }

    @Test
    void trainingSampleHasScaledBoxesAndMetas() throws Exception {
        CocoDataset ds = build(CocoFixture.write(dir), CocoFixture.trainPipeline(32), false);
        Map<String, Object> s = ds.get(0, new SplittableRandom(0));
        assertEquals(List.of("img_metas", "img", "gt_bboxes", "gt_labels"), List.copyOf(s.keySet()));
        // 100×80 into (50, 40): factor 0.5 → 50×40, padded to 64×64.
        assertArrayEquals(new long[] {3, 64, 64}, ((HostArray) s.get("img")).shape());
        assertArrayEquals(new float[] {5, 10, 20, 30, 0.75f, 1.125f, (float) (1.5 + 10.1) * 0.5f,
            (float) (2.25 + 3.3) * 0.5f}, (float[]) ((HostArray) s.get("gt_bboxes")).data());
        assertArrayEquals(new long[] {0, 2}, (long[]) ((HostArray) s.get("gt_labels")).data());
        Map<?, ?> meta = (Map<?, ?>) s.get("img_metas");
        assertEquals(dir.resolve("imgs/a.png").toString(), meta.get("filename"));
        assertEquals("a.png", meta.get("ori_filename"));
        assertEquals(List.of(80, 100, 3), meta.get("ori_shape"));
        assertEquals(List.of(40, 50, 3), meta.get("img_shape"));
        assertEquals(List.of(64, 64, 3), meta.get("pad_shape"));
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, (float[]) meta.get("scale_factor"));
        assertEquals(false, meta.get("flip"));
        assertEquals(true, ((Map<?, ?>) meta.get("img_norm_cfg")).get("to_rgb"));
    }

    @Test
    void loaderPadsToTheLargestImageAndListsBoxesPerImage() throws Exception {
        CocoDataset ds = build(CocoFixture.write(dir), CocoFixture.trainPipeline(8), false);
        try (NDManager m = NDManager.newBaseManager();
                SampleLoader loader = new SampleLoader(ds, 3, 1, false, false, 0, new DetCollate())) {
            try (SampleLoader.Epoch it = loader.iterate(0, m); Batch b = it.next()) {
                // 100×80 → 50×40 → 56×40; 50×40 → 56×40; 40×40 stays 40×40: the batch is 56 wide.
                NDArray img = b.getArray("img");
                assertEquals(new Shape(3, 3, 40, 56), img.getShape());
                assertEquals(DataType.FLOAT32, img.getDataType());
                assertEquals(0f, img.get(2, 0, 10, 45).getFloat(), "padding value");
                NDList boxes = assertInstanceOf(NDList.class, b.get("gt_bboxes"));
                assertEquals(List.of(new Shape(2, 4), new Shape(0, 4), new Shape(1, 4)),
                        boxes.stream().map(NDArray::getShape).toList());
                assertArrayEquals(new float[] {2, 2, 22, 22}, boxes.get(2).toFloatArray());
                NDList labels = assertInstanceOf(NDList.class, b.get("gt_labels"));
                assertEquals(DataType.INT64, labels.get(0).getDataType());
                assertArrayEquals(new long[] {1}, labels.get(2).toLongArray());
                List<Object> metas = b.getList("img_metas");
                assertEquals(List.of(40, 40, 3), ((Map<?, ?>) metas.get(2)).get("img_shape"));
                assertEquals(List.of(40, 40, 3), ((Map<?, ?>) metas.get(2)).get("pad_shape"));
            }
        }
    }

    @Test
    void droppedTrainingSamplesAreReplacedFromTheSameGroup() throws Exception {
        Transform dropA = (r, rng) -> ((Map<?, ?>) r.get("img_info")).get("id").equals(10) ? null : r;
        Transform keepId = (r, rng) -> Map.of("id", ((Map<?, ?>) r.get("img_info")).get("id"));
        Path ann = CocoFixture.write(dir);
        CocoDataset train = new CocoDataset(CocoFixture.options(ann, null, false, true),
                new Compose(List.of(dropA, keepId)));
        // Image 10 (index 0) is wide like image 13; image 14 is square: only 13 can replace it.
        for (int seed = 0; seed < 5; seed++) {
            assertEquals(13, train.get(0, new SplittableRandom(seed)).get("id"));
        }
        CocoDataset test = new CocoDataset(CocoFixture.options(ann, null, true, true),
                new Compose(List.of(dropA, keepId)));
        assertNull(test.get(0, new SplittableRandom(0)));
    }

    @Test
    void testModeRunsMultiScaleFlipAugWithoutAnnotations() throws Exception {
        List<ConfigDict> pipeline = List.of(ConfigDict.of("type", "LoadImageFromFile"),
                ConfigDict.of("type", "MultiScaleFlipAug", "img_scale", List.of(50, 40), "flip", true,
                        "transforms", List.of(ConfigDict.of("type", "Resize", "keep_ratio", true),
                                ConfigDict.of("type", "RandomFlip"),
                                ConfigDict.of("type", "Normalize", "mean", List.of(0, 0, 0), "std", List.of(1, 1, 1)),
                                ConfigDict.of("type", "Pad", "size_divisor", 32),
                                ConfigDict.of("type", "ImageToTensor", "keys", List.of("img")),
                                ConfigDict.of("type", "Collect", "keys", List.of("img")))));
        CocoDataset ds = build(CocoFixture.write(dir), pipeline, true);
        try (NDManager m = NDManager.newBaseManager();
                SampleLoader loader = new SampleLoader(ds, 2, 0, false, false, 0, new DetCollate())) {
            List<Shape> shapes = new ArrayList<>();
            try (SampleLoader.Epoch it = loader.iterate(0, m); Batch b = it.next()) {
                NDList imgs = assertInstanceOf(NDList.class, b.get("img"));
                imgs.forEach(a -> shapes.add(a.getShape()));
                List<?> metas = b.getList("img_metas");
                assertEquals(2, metas.size());
                List<?> flipped = (List<?>) metas.get(1);
                assertEquals(true, ((Map<?, ?>) flipped.get(0)).get("flip"));
                assertEquals("b.png", ((Map<?, ?>) flipped.get(1)).get("ori_filename"));
            }
            // a.png 100×80 → 50×40 → 64×64; b.png 64×64 → 40×40 → 64×64 (unflipped, flipped).
            assertEquals(List.of(new Shape(2, 3, 64, 64), new Shape(2, 3, 64, 64)), shapes);
        }
    }
}
