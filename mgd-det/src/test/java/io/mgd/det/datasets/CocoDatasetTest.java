package io.mgd.det.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.data.HostArray;
import io.mgd.core.util.MgdException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mmdet CocoDataset parsing and filtering on {@link CocoFixture}. */
class CocoDatasetTest {
    @TempDir
    Path dir;

    static float[] boxes(Map<String, Object> ann, String key) {
        return (float[]) ((HostArray) ann.get(key)).data();
    }

    static long[] labels(Map<String, Object> ann) {
        return (long[]) ((HostArray) ann.get("labels")).data();
    }

    @Test
    void trainingFiltersSmallAndEmptyImagesAndParsesBoxes() throws Exception {
        CocoDataset ds = CocoFixture.dataset(CocoFixture.write(dir), null, false, true);
        assertEquals(List.of("cat", "dog", "bird"), ds.classes());
        assertEquals(List.of(3L, 1L, 7L), ds.catIds());
        assertEquals(Map.of(3L, 0, 1L, 1, 7L, 2), ds.cat2label());
        assertEquals(List.of(10L, 13L, 14L), ds.imgIds());
        assertEquals(3, ds.size());
        assertEquals("a.png", ds.dataInfo(0).get("filename"));
        assertArrayEquals(new byte[] {1, 1, 0}, ds.flag());

        Map<String, Object> a = ds.getAnnInfo(0);
        assertArrayEquals(new float[] {10, 20, 40, 60, 1.5f, 2.25f, (float) (1.5 + 10.1), (float) (2.25 + 3.3)},
                boxes(a, "bboxes"));
        assertArrayEquals(new long[] {2, 4}, ((HostArray) a.get("bboxes")).shape());
        assertArrayEquals(new long[] {0, 2}, labels(a));
        assertArrayEquals(new float[] {5, 5, 15, 15}, boxes(a, "bboxes_ignore"));
        assertEquals("a.png", a.get("seg_map"));

        Map<String, Object> crowdOnly = ds.getAnnInfo(1);
        assertArrayEquals(new long[] {0, 4}, ((HostArray) crowdOnly.get("bboxes")).shape());
        assertArrayEquals(new long[] {0}, ((HostArray) crowdOnly.get("labels")).shape());
        assertArrayEquals(new float[] {0, 0, 10, 10}, boxes(crowdOnly, "bboxes_ignore"));
        assertArrayEquals(new long[] {1}, labels(ds.getAnnInfo(2)));
        assertEquals(List.of(3L), ds.getCatIds(1));
    }

    @Test
    void filterEmptyGtOffAndTestModeKeepMore() throws Exception {
        Path ann = CocoFixture.write(dir);
        assertEquals(List.of(10L, 11L, 13L, 14L), CocoFixture.dataset(ann, null, false, false).imgIds());
        CocoDataset test = CocoFixture.dataset(ann, null, true, true);
        assertEquals(List.of(10L, 11L, 12L, 13L, 14L), test.imgIds());
        assertTrue(test.testMode());
    }

    @Test
    void chosenClassesAreLabelledInFileOrder() throws Exception {
        Path ann = CocoFixture.write(dir);
        // mmdet's get_cat_ids keeps the file order (cat before bird) whatever order classes lists.
        CocoDataset ds = CocoFixture.dataset(ann, List.of("bird", "cat"), false, true);
        assertEquals(List.of(3L, 7L), ds.catIds());
        assertEquals(List.of("bird", "cat"), ds.classes());
        // Image 14 holds only a dog: dropped; the crowd dog of image 10 is not a wanted category either.
        assertEquals(List.of(10L, 13L), ds.imgIds());
        Map<String, Object> a = ds.getAnnInfo(0);
        assertArrayEquals(new long[] {0, 1}, labels(a));
        assertArrayEquals(new long[] {0, 4}, ((HostArray) a.get("bboxes_ignore")).shape());

        Path names = Files.writeString(dir.resolve("classes.txt"), "dog\n");
        assertEquals(List.of(1L), CocoFixture.dataset(ann, names.toString(), false, true).catIds());
        assertThrows(ConfigException.class, () -> CocoFixture.dataset(ann, 5L, false, true));
    }

    @Test
    void registryBuildJoinsDataRoot() throws Exception {
        CocoFixture.write(dir);
        ConfigDict cfg = ConfigDict.of("type", "CocoDataset", "ann_file", "ann.json", "img_prefix", "imgs/",
                "data_root", dir.toString(), "pipeline", CocoFixture.trainPipeline(32));
        CocoDataset ds = (CocoDataset) CocoFixture.CTX.build(DetDataModule.DATASETS, cfg);
        assertEquals(dir + "/ann.json", ds.annFile());
        assertEquals(dir + "/imgs/", ds.imgPrefix());
        assertEquals(3, ds.size());
        ConfigException e = assertThrows(ConfigException.class, () -> CocoFixture.CTX.build(DetDataModule.DATASETS,
                ConfigDict.of("type", "CocoDataset", "ann_file", "x.json", "pipeline", List.of(), "proposal_file",
                        "p.pkl")));
        assertTrue(e.getMessage().contains("proposal_file"), e.getMessage());
    }

    @Test
    void badFilesFailNamingTheFile() throws Exception {
        Path missing = dir.resolve("missing.json");
        MgdException e = assertThrows(MgdException.class, () -> CocoFixture.dataset(missing, null, false, true));
        assertTrue(e.getMessage().contains("missing.json"), e.getMessage());

        Path dup = Files.writeString(dir.resolve("dup.json"), """
                {"images": [{"id": 1, "file_name": "a.png", "width": 40, "height": 40}],
                 "annotations": [{"id": 5, "image_id": 1, "category_id": 1, "bbox": [0, 0, 4, 4], "area": 16},
                                 {"id": 5, "image_id": 1, "category_id": 1, "bbox": [1, 1, 4, 4], "area": 16}],
                 "categories": [{"id": 1, "name": "x"}]}""");
        e = assertThrows(MgdException.class, () -> CocoFixture.dataset(dup, null, false, true));
        assertTrue(e.getMessage().contains("not unique") && e.getMessage().contains("dup.json"), e.getMessage());

        Path noBox = Files.writeString(dir.resolve("nobox.json"), """
                {"images": [{"id": 1, "file_name": "a.png", "width": 40, "height": 40}],
                 "annotations": [{"id": 5, "image_id": 1, "category_id": 1, "area": 16}],
                 "categories": [{"id": 1, "name": "x"}]}""");
        CocoDataset ds = CocoFixture.dataset(noBox, null, false, true);
        e = assertThrows(MgdException.class, () -> ds.getAnnInfo(0));
        assertTrue(e.getMessage().contains("'bbox'") && e.getMessage().contains("nobox.json"), e.getMessage());
    }
}
