package io.mgd.cls.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.data.Batch;
import io.mgd.core.data.SampleLoader;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An mmcls CIFAR training pipeline through the loader: shapes, dtypes, worker parity. */
class ClsLoaderTest {
    private static List<ConfigDict> trainPipeline() {
        return List.of(ConfigDict.of("type", "RandomCrop", "size", 32, "padding", 4),
                ConfigDict.of("type", "RandomFlip", "flip_prob", 0.5, "direction", "horizontal"),
                ConfigDict.of("type", "Normalize", "mean", List.of(125.307, 122.961, 113.8575),
                        "std", List.of(51.5865, 50.847, 51.255), "to_rgb", false),
                ConfigDict.of("type", "ImageToTensor", "keys", List.of("img")),
                ConfigDict.of("type", "ToTensor", "keys", List.of("gt_label")),
                ConfigDict.of("type", "Collect", "keys", List.of("img", "gt_label")));
    }

    private static List<float[]> epoch(BaseDataset ds, int workers, NDManager m) {
        List<float[]> imgs = new ArrayList<>();
        SampleLoader loader = new SampleLoader(ds, 4, workers, true, true, 2024);
        assertEquals(2, loader.size());
        try (SampleLoader.Epoch it = loader.iterate(1, m)) {
            while (it.hasNext()) {
                try (Batch b = it.next()) {
                    NDArray img = b.getArray("img");
                    assertEquals(new Shape(4, 3, 32, 32), img.getShape());
                    assertEquals(DataType.FLOAT32, img.getDataType());
                    NDArray label = b.getArray("gt_label");
                    assertEquals(new Shape(4), label.getShape());
                    assertEquals(DataType.INT64, label.getDataType());
                    Map<?, ?> meta = (Map<?, ?>) b.getList("img_metas").get(0);
                    assertTrue(meta.containsKey("flip") && meta.containsKey("img_norm_cfg"), meta.keySet().toString());
                    imgs.add(img.toFloatArray());
                }
            }
        }
        return imgs;
    }

    @Test
    void cifarTrainingBatches() throws Exception {
        String prefix = Paths.get(ClsLoaderTest.class.getResource("cifar10").toURI()).toString();
        BaseDataset ds = DatasetsTest.build("type", "CIFAR10", "data_prefix", prefix, "pipeline", trainPipeline());
        try (NDManager m = NDManager.newBaseManager()) {
            List<float[]> serial = epoch(ds, 0, m);
            List<float[]> threaded = epoch(ds, 2, m);
            for (int i = 0; i < serial.size(); i++) {
                assertArrayEquals(serial.get(i), threaded.get(i), "batch " + i);
            }
            assertEquals(0, m.getManagedArrays().size(), "batches closed, nothing left in the manager");
        }
    }
}
