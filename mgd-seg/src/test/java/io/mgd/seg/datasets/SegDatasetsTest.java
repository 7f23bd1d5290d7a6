package io.mgd.seg.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.data.Image;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.util.MgdException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegDatasetsTest {
    private static final BuildContext CTX = new BuildContext(Registries.load(), null);
    private static final List<Object> LOAD = List.of(ConfigDict.of("type", "LoadImageFromFile"),
            ConfigDict.of("type", "LoadAnnotations"));

    @TempDir
    Path root;

    /** Cityscapes layout: 2 cities in train, label of frame k = k everywhere, plus distractor files. */
    private void cityscapes() throws IOException {
        String[][] frames = {{"bonn", "bonn_000001_000019"}, {"aachen", "aachen_000002_000019"},
            {"aachen", "aachen_000000_000019"}};
        for (String[] f : frames) {
            int k = Integer.parseInt(f[1].substring(f[1].indexOf('_') + 1, f[1].indexOf('_') + 7));
            SegFixtures.rgb(root.resolve("leftImg8bit/train/" + f[0] + "/" + f[1] + "_leftImg8bit.png"), 4, 6, 10 * k, 0, 0);
            SegFixtures.grey(root.resolve("gtFine/train/" + f[0] + "/" + f[1] + "_gtFine_labelTrainIds.png"), 4, 6,
                    SegFixtures.fill(24, k));
            SegFixtures.grey(root.resolve("gtFine/train/" + f[0] + "/" + f[1] + "_gtFine_labelIds.png"), 4, 6,
                    SegFixtures.fill(24, 33));
        }
        SegFixtures.rgb(root.resolve("leftImg8bit/train/aachen/.hidden_leftImg8bit.png"), 4, 6, 0, 0, 0);
        Files.writeString(root.resolve("leftImg8bit/train/aachen/notes.txt"), "not an image");
    }

    private CustomDataset build(ConfigDict cfg) {
        return (CustomDataset) CTX.build(SegDataModule.DATASETS, cfg);
    }

    @Test
    void cityscapesListsSortedPairsAndLoadsThem() throws IOException {
        cityscapes();
        CustomDataset ds = build(ConfigDict.of("type", "CityscapesDataset", "data_root", root.toString(),
                "img_dir", "leftImg8bit/train", "ann_dir", "gtFine/train", "pipeline", LOAD));
        assertEquals(3, ds.size());
        assertEquals(List.of("aachen/aachen_000000_000019_leftImg8bit.png", "aachen/aachen_000002_000019_leftImg8bit.png",
                "bonn/bonn_000001_000019_leftImg8bit.png"),
                List.of(ds.imgInfo(0).get("filename"), ds.imgInfo(1).get("filename"), ds.imgInfo(2).get("filename")));
        assertEquals(Map.of("seg_map", "aachen/aachen_000002_000019_gtFine_labelTrainIds.png"), ds.annInfo(1));
        assertEquals(19, ds.classes().size());
        assertEquals("bicycle", ds.classes().get(18));
        assertEquals(List.of(128, 64, 128), ds.palette().get(0));
        assertNull(ds.labelMap());
        for (int i = 0; i < 3; i++) {
            Map<String, Object> r = ds.get(i);
            Image img = (Image) r.get("img");
            Image seg = (Image) r.get("gt_semantic_seg");
            int k = new int[] {0, 2, 1}[i];
            assertEquals(List.of(4, 6, 3), img.shape());
            assertEquals(10 * k, img.get(0, 0, 2), 0, "red channel (BGR index 2) encodes the frame");
            assertEquals(List.of(4, 6, 1), seg.shape());
            assertEquals(k, seg.get(3, 5, 0), 0, "label map paired with its image");
            assertEquals(List.of("gt_semantic_seg"), r.get("seg_fields"));
            assertEquals(root.resolve("leftImg8bit/train").resolve((String) ds.imgInfo(i).get("filename")).toString(),
                    r.get("filename"));
            assertEquals(List.of(4, 6, 3), r.get("pad_shape"));
            assertEquals(1.0, r.get("scale_factor"));
            assertEquals(k, ds.getGtSegMap(i).get(0, 0, 0), 0);
        }
        assertEquals(root.resolve("gtFine/train/bonn/bonn_000001_000019_gtFine_labelTrainIds.png"), ds.segMapPath(2));
    }

    @Test
    void classSubsetRemapsLabelsAndPalette() throws IOException {
        cityscapes();
        CustomDataset ds = build(ConfigDict.of("type", "CityscapesDataset", "data_root", root.toString(),
                "img_dir", "leftImg8bit/train", "ann_dir", "gtFine/train", "pipeline", LOAD,
                "classes", List.of("road", "building")));
        assertEquals(List.of("road", "building"), ds.classes());
        assertEquals(List.of(List.of(128, 64, 128), List.of(70, 70, 70)), ds.palette());
        assertEquals(0, ds.labelMap().get(0));
        assertEquals(-1, ds.labelMap().get(1));
        assertEquals(1, ds.labelMap().get(2));
        // frames 0, 2, 1 hold labels road, building, sidewalk → 0, 1, 255 (dropped)
        assertEquals(0, ((Image) ds.get(0).get("gt_semantic_seg")).get(0, 0, 0), 0);
        assertEquals(1, ((Image) ds.get(1).get("gt_semantic_seg")).get(0, 0, 0), 0);
        assertEquals(255, ((Image) ds.get(2).get("gt_semantic_seg")).get(0, 0, 0), 0);
        assertEquals(255, ds.getGtSegMap(2).get(0, 0, 0), 0, "gt maps for evaluation go through the label map too");
        ConfigException e = assertThrows(ConfigException.class, () -> build(ConfigDict.of("type", "CityscapesDataset",
                "data_root", root.toString(), "img_dir", "leftImg8bit/train", "classes", List.of("road", "tree"))));
        assertTrue(e.getMessage().contains("not a subset") && e.getMessage().contains("tree"), e.getMessage());
    }

    /** img_dir/ann_dir with 3 images a.jpg-like pngs; labels 0..3 in each map; split picks two in its order. */
    private void custom() throws IOException {
        for (String name : List.of("a", "b", "c")) {
            SegFixtures.rgb(root.resolve("images/train/" + name + ".png"), 2, 3, 50, 0, 0);
            SegFixtures.palette(root.resolve("labels/train/" + name + "_mask.png"), 2, 3, new int[] {0, 1, 2, 3, 255, 0});
        }
        Files.writeString(root.resolve("train.txt"), "c\n\na\n");
    }

    @Test
    void customDatasetWithSplitFileAndReduceZeroLabel() throws IOException {
        custom();
        CustomDataset ds = build(ConfigDict.of("type", "CustomDataset", "data_root", root.toString(),
                "img_dir", "images/train", "img_suffix", ".png", "ann_dir", "labels/train", "seg_map_suffix", "_mask.png",
                "split", "train.txt", "reduce_zero_label", true, "classes", List.of("x", "y", "z"),
                "palette", List.of(List.of(1, 2, 3), List.of(4, 5, 6), List.of(7, 8, 9)),
                "pipeline", List.of(ConfigDict.of("type", "LoadImageFromFile"),
                        ConfigDict.of("type", "LoadAnnotations", "reduce_zero_label", true))));
        assertEquals(2, ds.size());
        assertEquals("c.png", ds.imgInfo(0).get("filename"));
        assertEquals("a_mask.png", ds.annInfo(1).get("seg_map"));
        assertTrue(ds.reduceZeroLabel());
        assertEquals(255, ds.ignoreIndex());
        assertEquals(List.of(4, 5, 6), ds.palette().get(1));
        assertNull(ds.labelMap(), "a dataset without its own CLASSES has no label map");
        Image seg = (Image) ds.get(0).get("gt_semantic_seg");
        // palette PNG read as indices (pillow semantics), then 0 → 255, k → k − 1, 255 stays
        assertArrayEquals(new byte[] {(byte) 255, 0, 1, 2, (byte) 255, (byte) 255}, seg.uint8Data());
        // the evaluation loader (gt_seg_map_loader_cfg default) does not reduce
        assertArrayEquals(new byte[] {0, 1, 2, 3, (byte) 255, 0}, ds.getGtSegMap(0).uint8Data());
        CustomDataset reduced = build(ConfigDict.of("type", "CustomDataset", "data_root", root.toString(),
                "img_dir", "images/train", "img_suffix", ".png", "ann_dir", "labels/train", "seg_map_suffix", "_mask.png",
                "gt_seg_map_loader_cfg", ConfigDict.of("reduce_zero_label", true)));
        assertEquals(3, reduced.size(), "without a split file every image is listed");
        assertEquals(255, reduced.getGtSegMap(0).get(0, 0, 0), 0);
    }

    @Test
    void testModeNeedsClassesAndLoadsNoAnnotation() throws IOException {
        custom();
        ConfigDict cfg = ConfigDict.of("type", "CustomDataset", "img_dir", root.resolve("images/train").toString(),
                "img_suffix", ".png", "test_mode", true, "pipeline", List.of(ConfigDict.of("type", "LoadImageFromFile")));
        ConfigException e = assertThrows(ConfigException.class, () -> build(cfg));
        assertTrue(e.getMessage().contains("should be specified when testing"), e.getMessage());
        cfg.put("classes", List.of("x", "y"));
        CustomDataset ds = build(cfg);
        Map<String, Object> r = ds.get(1);
        assertFalse(r.containsKey("ann_info"));
        assertFalse(r.containsKey("gt_semantic_seg"));
        assertEquals(2, ds.palette().size(), "random palette, one colour per class");
        assertEquals(ds.palette(), build(cfg).palette(), "drawn from a fixed seed");
        MgdException noAnn = assertThrows(MgdException.class, () -> ds.getGtSegMap(0));
        assertTrue(noAnn.getMessage().contains("ann_dir is not set"), noAnn.getMessage());
        MgdException missing = assertThrows(MgdException.class, () -> build(ConfigDict.of("type", "CustomDataset",
                "img_dir", root.resolve("nope").toString())));
        assertTrue(missing.getMessage().contains("nope") && missing.getMessage().contains("not a directory"));
    }

    @Test
    void labelImagesReadAsRawValues() throws IOException {
        Path grey = root.resolve("g.png");
        SegFixtures.grey(grey, 1, 3, new int[] {0, 7, 255});
        Path pal = root.resolve("p.png");
        SegFixtures.palette(pal, 1, 3, new int[] {3, 0, 200});
        Path rgb = root.resolve("c.png");
        SegFixtures.rgb(rgb, 1, 3, 1, 2, 3);
        var read = (java.util.function.BiFunction<Path, String, Image>) io.mgd.seg.datasets.pipelines.LabelMaps::read;
        assertArrayEquals(new byte[] {0, 7, (byte) 255}, read.apply(grey, "pillow").uint8Data());
        assertArrayEquals(new byte[] {3, 0, (byte) 200}, read.apply(pal, "pillow").uint8Data());
        assertArrayEquals(new byte[] {0, 7, (byte) 255}, read.apply(grey, "cv2").uint8Data());
        MgdException colours = assertThrows(MgdException.class, () -> read.apply(pal, "cv2"));
        assertTrue(colours.getMessage().contains("palette PNGs become colours"), colours.getMessage());
        MgdException three = assertThrows(MgdException.class, () -> read.apply(rgb, "pillow"));
        assertTrue(three.getMessage().contains("3 channels") && three.getMessage().contains("c.png"));
    }
}
