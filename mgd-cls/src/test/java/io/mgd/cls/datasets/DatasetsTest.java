package io.mgd.cls.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.data.IdxFiles;
import io.mgd.core.data.Image;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.util.MgdException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Datasets built by type name from configs, reading fixtures. */
class DatasetsTest {
    private static final BuildContext CTX = new BuildContext(Registries.load(), null);
    private static final List<ConfigDict> LOAD = List.of(ConfigDict.of("type", "LoadImageFromFile"));

    static BaseDataset build(Object... keysAndValues) {
        return (BaseDataset) CTX.build(Registries.DATASETS, ConfigDict.of(keysAndValues));
    }

    private static String resource(String name) throws Exception {
        return Paths.get(DatasetsTest.class.getResource(name).toURI()).toString();
    }

    @Test
    void imageNetFromFoldersAndAnnFile(@TempDir Path root) throws Exception {
        DatasetFixtures.png(root.resolve("n02/b.png"), 3, 4, 10, 20, 30);
        DatasetFixtures.png(root.resolve("n02/A.PNG"), 3, 4, 1, 2, 3);
        DatasetFixtures.png(root.resolve("n01/x.png"), 5, 6, 0, 0, 255);
        Files.writeString(root.resolve("n01/notes.txt"), "not an image");
        BaseDataset ds = build("type", "ImageNet", "data_prefix", root.toString(), "pipeline", LOAD);
        assertEquals(3, ds.size());
        assertArrayEquals(new long[] {0, 1, 1}, ds.getGtLabels());
        assertEquals(List.of(1), ds.getCatIds(2));
        assertEquals("n02/A.PNG", ((Map<?, ?>) ds.dataInfo(1).get("img_info")).get("filename"), "sorted, case kept");
        assertEquals(1000, ds.classes().size());
        assertEquals("tench, Tinca tinca", ds.classes().get(0));
        Map<String, Object> s = ds.get(0);
        Image img = (Image) s.get("img");
        assertEquals(List.of(5, 6, 3), img.shape());
        assertEquals(255f, img.get(0, 0, 0), "BGR: blue first");
        assertEquals(root.resolve("n01/x.png").toString(), s.get("filename"));

        Path ann = root.resolve("val.txt");
        Files.writeString(ann, "n02/b.png 7\n\nn01/x.png 3\n");
        BaseDataset fromAnn = build("type", "ImageNet", "data_prefix", root.toString(), "ann_file", ann.toString(),
                "pipeline", LOAD, "classes", List.of("a", "b"));
        assertArrayEquals(new long[] {7, 3}, fromAnn.getGtLabels());
        assertEquals(List.of("a", "b"), fromAnn.classes());
        assertEquals(Map.of("a", 0, "b", 1), fromAnn.classToIdx());

        Files.writeString(ann, "n02/b.png 7\nn01/x.png\n");
        MgdException e = assertThrows(MgdException.class, () -> build("type", "ImageNet", "data_prefix",
                root.toString(), "ann_file", ann.toString(), "pipeline", LOAD));
        assertTrue(e.getMessage().contains("val.txt line 2"), e.getMessage());
    }

    @Test
    void customDatasetFolderClassesAndChecks(@TempDir Path root) throws Exception {
        DatasetFixtures.png(root.resolve("dog/1.png"), 2, 2, 0, 0, 0);
        DatasetFixtures.png(root.resolve("cat/deep/2.png"), 2, 2, 0, 0, 0);
        DatasetFixtures.png(root.resolve("cat/1.jpg.png"), 2, 2, 0, 0, 0);
        Files.createDirectories(root.resolve("empty"));
        BaseDataset ds = build("type", "CustomDataset", "data_prefix", root.toString());
        assertEquals(List.of("cat", "dog", "empty"), ds.classes());
        assertArrayEquals(new long[] {0, 0, 1}, ds.getGtLabels());
        assertEquals("cat/1.jpg.png", ((Map<?, ?>) ds.dataInfo(0).get("img_info")).get("filename"));
        assertEquals("cat/deep/2.png", ((Map<?, ?>) ds.dataInfo(1).get("img_info")).get("filename"));
        assertEquals(0, build("type", "CustomDataset", "data_prefix", root.toString(), "extensions",
                List.of(".PNG")).getGtLabels()[0]);
        MgdException e = assertThrows(MgdException.class, () -> build("type", "CustomDataset", "data_prefix",
                root.toString(), "classes", List.of("a", "b")));
        assertTrue(e.getMessage().contains("number of subfolders (3) doesn't match the number of specified classes (2)"),
                e.getMessage());
        e = assertThrows(MgdException.class, () -> build("type", "CustomDataset", "data_prefix", root.toString(),
                "extensions", List.of(".bmp")));
        assertTrue(e.getMessage().contains("found 0 files"), e.getMessage());
        Path names = root.resolve("classes.txt");
        Files.writeString(names, "kitty\npuppy\nnone\n");
        assertEquals(List.of("kitty", "puppy", "none"), build("type", "CustomDataset", "data_prefix", root.toString(),
                "classes", names.toString()).classes());
    }

    @Test
    void cifar10PythonBatches() throws Exception {
        String prefix = resource("cifar10");
        BaseDataset train = build("type", "CIFAR10", "data_prefix", prefix, "pipeline", List.of());
        assertEquals(10, train.size(), "five batches of two, batch 5 in Python 2 cPickle form");
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, train.getGtLabels());
        assertEquals("airplane", train.classes().get(0));
        for (int i : new int[] {0, 3, 9}) {
            Image img = (Image) train.get(i).get("img");
            assertEquals(List.of(32, 32, 3), img.shape());
            for (int[] yxc : new int[][] {{0, 0, 0}, {5, 17, 1}, {31, 31, 2}}) {
                int k = yxc[2] * 1024 + yxc[0] * 32 + yxc[1];
                assertEquals((i * 31 + k * 7) % 256, (int) img.get(yxc[0], yxc[1], yxc[2]), "image " + i);
            }
        }
        BaseDataset test = build("type", "CIFAR10", "data_prefix", prefix, "pipeline", List.of(), "test_mode", true);
        assertArrayEquals(new long[] {7, 3, 9}, test.getGtLabels());
        MgdException e = assertThrows(MgdException.class, () -> build("type", "CIFAR10", "data_prefix", "/nonexistent",
                "pipeline", List.of()));
        assertTrue(e.getMessage().contains("cifar-10-batches-py"), e.getMessage());
    }

    @Test
    void cifar100PythonAndCifar10Binary(@TempDir Path root) throws Exception {
        BaseDataset c100 = build("type", "CIFAR100", "data_prefix", resource("cifar100"), "pipeline", List.of());
        assertArrayEquals(new long[] {5, 99, 0, 42}, c100.getGtLabels());
        assertEquals(100, c100.classes().size());
        assertEquals((1 * 31 + 1024 * 7) % 256, (int) ((Image) c100.get(1).get("img")).get(0, 0, 1));
        Path bin = root.resolve("cifar-10-batches-bin");
        Files.createDirectories(bin);
        for (int b = 1; b <= 5; b++) {
            byte[] rec = new byte[1 + 3072];
            rec[0] = (byte) b;
            rec[1 + 1024 + 32 * 2 + 3] = (byte) 200; // green plane, y=2, x=3
            Files.write(bin.resolve("data_batch_" + b + ".bin"), rec);
        }
        Files.write(bin.resolve("test_batch.bin"), new byte[1 + 3072]);
        Files.writeString(bin.resolve("batches.meta.txt"), "airplane\nautomobile\n\n");
        BaseDataset binary = build("type", "CIFAR10", "data_prefix", root.toString(), "pipeline", List.of());
        assertArrayEquals(new long[] {1, 2, 3, 4, 5}, binary.getGtLabels());
        assertEquals(200f, ((Image) binary.get(4).get("img")).get(2, 3, 1));
        assertEquals(List.of("airplane", "automobile"), binary.classes());
    }

    @Test
    void mnistFromIdxFiles(@TempDir Path root) throws Exception {
        DatasetFixtures.mnist(root, 3, 4, 5, true);
        BaseDataset train = build("type", "MNIST", "data_prefix", root.toString(), "pipeline", List.of());
        assertArrayEquals(new long[] {0, 1, 2}, train.getGtLabels());
        Image img = (Image) train.get(2).get("img");
        assertEquals(List.of(4, 5, 1), img.shape());
        assertEquals(2 * 10 + 7, (int) img.get(1, 2, 0));
        assertEquals("0 - zero", train.classes().get(0));
        BaseDataset test = build("type", "FashionMNIST", "data_prefix", root.toString(), "pipeline", List.of(),
                "test_mode", true);
        assertArrayEquals(new long[] {5, 6}, test.getGtLabels());
        assertEquals("T-shirt/top", test.classes().get(0));
        // mmcls reads the uncompressed files when they exist.
        DatasetFixtures.mnist(root, 6, 2, 2, false);
        assertEquals(6, build("type", "MNIST", "data_prefix", root.toString(), "pipeline", List.of()).size());
        Files.write(root.resolve("train-images-idx3-ubyte"), new byte[] {0, 0, 13, 3});
        MgdException e = assertThrows(MgdException.class, () -> build("type", "MNIST", "data_prefix", root.toString(),
                "pipeline", List.of()));
        assertTrue(e.getMessage().contains("not an unsigned-byte IDX file"), e.getMessage());
    }

    @Test
    void mnistSplitOverridesTestMode(@TempDir Path root) throws Exception {
        DatasetFixtures.mnist(root, 3, 2, 2, true);
        IdxFiles.writeUnsignedBytes(root.resolve("val-images-idx3-ubyte.gz"), new int[] {4, 2, 2}, new byte[16]);
        IdxFiles.writeUnsignedBytes(root.resolve("val-labels-idx1-ubyte.gz"), new int[] {4}, new byte[] {9, 8, 7, 6});
        String p = root.toString();
        BaseDataset val = build("type", "FashionMNIST", "data_prefix", p, "pipeline", List.of(), "split", "val");
        assertArrayEquals(new long[] {9, 8, 7, 6}, val.getGtLabels());
        // split wins over test_mode (tools/test always sets test_mode)
        BaseDataset valInTest = build("type", "FashionMNIST", "data_prefix", p, "pipeline", List.of(), "split", "val",
                "test_mode", true);
        assertArrayEquals(new long[] {9, 8, 7, 6}, valInTest.getGtLabels());
        assertArrayEquals(new long[] {5, 6}, build("type", "MNIST", "data_prefix", p, "pipeline", List.of(),
                "split", "test").getGtLabels());
        assertArrayEquals(new long[] {0, 1, 2}, build("type", "MNIST", "data_prefix", p, "pipeline", List.of(),
                "split", "train", "test_mode", true).getGtLabels());
        ConfigException e = assertThrows(ConfigException.class, () -> build("type", "MNIST", "data_prefix", p,
                "pipeline", List.of(), "split", "validation"));
        assertTrue(e.getMessage().contains("split must be one of train, val, test"), e.getMessage());
        assertTrue(e.getMessage().contains("'validation'"), e.getMessage());
        // a split whose files are absent names both file names it looked for
        Files.delete(root.resolve("val-labels-idx1-ubyte.gz"));
        MgdException missing = assertThrows(MgdException.class, () -> build("type", "MNIST", "data_prefix", p,
                "pipeline", List.of(), "split", "val"));
        assertTrue(missing.getMessage().contains("val-labels-idx1-ubyte.gz"), missing.getMessage());
    }

    @Test
    void debianFashionMnistWhenInstalled() {
        Path dir = Path.of("/usr/share/datasets/fashion-mnist");
        assumeTrue(Files.exists(dir.resolve("t10k-images-idx3-ubyte.gz")), "dataset-fashion-mnist not installed");
        BaseDataset test = build("type", "FashionMNIST", "data_prefix", dir.toString(), "pipeline", List.of(),
                "test_mode", true);
        assertEquals(10000, test.size());
        long[] counts = new long[10];
        for (long l : test.getGtLabels()) {
            counts[(int) l]++;
        }
        assertArrayEquals(new long[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}, counts);
        assertEquals(List.of(28, 28, 1), ((Image) test.get(0).get("img")).shape());
    }
}
