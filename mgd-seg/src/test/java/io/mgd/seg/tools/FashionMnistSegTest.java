package io.mgd.seg.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.data.Image;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.util.MgdException;
import io.mgd.seg.datasets.CustomDataset;
import io.mgd.seg.datasets.SegDataModule;
import io.mgd.seg.testing.FmnistSegFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FashionMnistSegTest {
    @TempDir
    Path tmp;

    private Path fixtures() throws IOException {
        return FmnistSegFixtures.idxFiles(tmp.resolve("src"));
    }

    private static FashionMnistSegConverter.Options opts(Path src, Path out, int train, int val, long seed, String layout) {
        return new FashionMnistSegConverter.Options(src, out, train, val, 40, seed, layout, 50, 3);
    }

    private static Map<String, byte[]> tree(Path root) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    @Test
    void sameArgumentsGiveByteIdenticalFiles() throws IOException {
        Path src = fixtures();
        FashionMnistSegConverter.convert(opts(src, tmp.resolve("a"), 4, 2, 0, "cityscapes"));
        FashionMnistSegConverter.convert(opts(src, tmp.resolve("b"), 4, 2, 0, "cityscapes"));
        FashionMnistSegConverter.convert(opts(src, tmp.resolve("c"), 4, 2, 1, "cityscapes"));
        FashionMnistSegConverter.convert(opts(src, tmp.resolve("d"), 2, 0, 0, "cityscapes"));
        Map<String, byte[]> a = tree(tmp.resolve("a"));
        Map<String, byte[]> b = tree(tmp.resolve("b"));
        assertEquals(13, a.size(), "4 + 2 samples × (image, label) + classes.txt");
        assertTrue(a.containsKey("leftImg8bit/train/fashion/fashion_000003_000019_leftImg8bit.png"));
        assertTrue(a.containsKey("gtFine/val/fashion/fashion_000001_000019_gtFine_labelTrainIds.png"));
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k), b.get(k), k);
        }
        Map<String, byte[]> c = tree(tmp.resolve("c"));
        String first = "leftImg8bit/train/fashion/fashion_000000_000019_leftImg8bit.png";
        assertFalse(java.util.Arrays.equals(a.get(first), c.get(first)), "another seed, another sample");
        Map<String, byte[]> d = tree(tmp.resolve("d"));
        for (String k : d.keySet()) {
            assertArrayEquals(a.get(k), d.get(k), "a smaller run is a prefix of a larger one: " + k);
        }
        assertEquals(String.join("\n", FashionMnistSegConverter.CLASSES) + "\n",
                Files.readString(tmp.resolve("a/classes.txt")));
    }

    @Test
    void labelsMarkItemPixelsAndDatasetsReadBothLayouts() throws IOException {
        Path src = fixtures();
        Path out = tmp.resolve("custom");
        FashionMnistSegConverter.convert(opts(src, out, 3, 2, 5, "custom"));
        BuildContext ctx = new BuildContext(Registries.load(), null);
        CustomDataset ds = (CustomDataset) ctx.build(SegDataModule.DATASETS, ConfigDict.of("type", "CustomDataset",
                "data_root", out.toString(), "img_dir", "img_dir/train", "ann_dir", "ann_dir/train",
                "img_suffix", ".png", "seg_map_suffix", ".png", "classes", out.resolve("classes.txt").toString(),
                "palette", FashionMnistSegConverter.PALETTE.stream().map(r -> r.stream().map(Integer::longValue).toList()).toList(),
                "pipeline", List.of(ConfigDict.of("type", "LoadImageFromFile"), ConfigDict.of("type", "LoadAnnotations"))));
        assertEquals(3, ds.size());
        assertEquals(11, ds.classes().size());
        assertEquals("Ankle boot", ds.classes().get(10));
        int items = 0;
        for (int i = 0; i < ds.size(); i++) {
            Map<String, Object> r = ds.get(i);
            Image img = (Image) r.get("img");
            Image seg = (Image) r.get("gt_semantic_seg");
            assertEquals(List.of(40, 40, 3), img.shape());
            assertEquals(List.of(40, 40, 1), seg.shape());
            int[] counts = new int[256];
            for (byte v : seg.uint8Data()) {
                counts[v & 0xFF]++;
            }
            assertTrue(counts[0] > 0, "background present");
            for (int v = 11; v < 256; v++) {
                assertEquals(0, counts[v], "labels are 0..10");
            }
            for (int v = 1; v <= 10; v++) {
                // item squares are 10..15 pixels a side (100..225 pixels), possibly overlapped
                items += counts[v] > 0 ? 1 : 0;
                assertTrue(counts[v] <= 3 * 225);
            }
        }
        assertTrue(items >= 3, "every canvas has an item");
        Path city = tmp.resolve("city");
        FashionMnistSegConverter.convert(opts(src, city, 2, 3, 5, "cityscapes"));
        CustomDataset val = (CustomDataset) ctx.build(SegDataModule.DATASETS, ConfigDict.of("type", "CustomDataset",
                "data_root", city.toString(), "img_dir", "leftImg8bit/val", "ann_dir", "gtFine/val",
                "img_suffix", "_leftImg8bit.png", "seg_map_suffix", "_gtFine_labelTrainIds.png"));
        assertEquals(3, val.size());
        assertEquals("fashion/fashion_000002_000019_gtFine_labelTrainIds.png", val.annInfo(2).get("seg_map"));
        Image gt = val.getGtSegMap(0);
        int labelled = 0;
        for (byte v : gt.uint8Data()) {
            labelled += v != 0 ? 1 : 0;
            assertTrue((v & 0xFF) == 0 || (v & 0xFF) >= 5 && (v & 0xFF) <= 7, "val items are classes 4..6 → labels 5..7");
        }
        assertTrue(labelled >= 100, "at least one 10×10 item square is labelled: " + labelled);
    }

    @Test
    void shippedDatasetConfigReadsTheGeneratedData() throws IOException {
        Path out = tmp.resolve("data");
        FashionMnistSegConverter.convert(new FashionMnistSegConverter.Options(fixtures(), out, 4, 2, 64, 0, "cityscapes",
                50, 3));
        io.mgd.core.config.Config cfg = io.mgd.core.config.Config.fromFile(
                Path.of("..", "configs", "seg", "_base_", "datasets", "fashion_mnist_seg.yaml"));
        assertEquals(FashionMnistSegConverter.CLASSES, cfg.get("classes"));
        assertEquals(FashionMnistSegConverter.PALETTE.stream().map(r -> r.stream().map(Integer::longValue).toList()).toList(),
                cfg.get("palette"));
        BuildContext ctx = new BuildContext(Registries.load(), null);
        for (String split : List.of("train", "val")) {
            ConfigDict d = ((ConfigDict) cfg.get("data." + split)).deepCopy();
            d.put("data_root", out.toString());
            CustomDataset ds = (CustomDataset) ctx.build(SegDataModule.DATASETS, d);
            assertEquals(split.equals("train") ? 4 : 2, ds.size());
            Map<String, Object> r = ds.get(0);
            if (split.equals("train")) {
                assertEquals(List.of(1L, 64L, 64L), java.util.Arrays.stream(
                        ((io.mgd.core.data.HostArray) r.get("gt_semantic_seg")).shape()).boxed().toList());
            } else {
                assertEquals(1, ((List<?>) r.get("img")).size(), "one test-time augmentation");
            }
        }
    }

    @Test
    void commandLineAndErrors() throws IOException {
        Path src = fixtures();
        Path out = tmp.resolve("cli");
        int rc = new CommandLine(new FashionMnistSeg()).execute("--src", src.toString(), "--out", out.toString(),
                "--train", "1", "--val", "1", "--canvas", "32", "--layout", "custom");
        assertEquals(0, rc);
        assertTrue(Files.exists(out.resolve("img_dir/val/000000.png")));
        assertTrue(Files.exists(out.resolve("ann_dir/train/000000.png")));
        MgdException missing = assertThrows(MgdException.class, () -> FashionMnistSegConverter.convert(
                opts(tmp.resolve("nowhere"), out, 1, 0, 0, "custom")));
        assertTrue(missing.getMessage().contains("train-images-idx3-ubyte.gz")
                && missing.getMessage().contains("dataset-fashion-mnist"), missing.getMessage());
        ConfigException small = assertThrows(ConfigException.class, () -> new FashionMnistSegConverter.Options(src, out,
                1, 1, 20, 0, "custom", 50, 3));
        assertTrue(small.getMessage().contains("--canvas"));
        assertThrows(ConfigException.class, () -> opts(src, out, 1, 1, 0, "voc"));
    }
}
