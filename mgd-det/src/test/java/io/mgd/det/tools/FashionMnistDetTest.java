package io.mgd.det.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.data.Image;
import io.mgd.core.data.ImageFiles;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.data.IdxFiles;
import io.mgd.det.datasets.CocoDataset;
import io.mgd.det.datasets.DetDataModule;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The converter on IDX fixtures written here: determinism, annotation geometry, loadability, CLI errors. */
public class FashionMnistDetTest {
    @TempDir
    Path dir;

    /**
     * Writes {@code n} 28×28 items to {@code split-*-ubyte.gz}: item i has label i % 10 and a solid
     * 255 rectangle 20 px high and 4 + 2·label px wide, so its box's aspect ratio tells its label.
     */
    public static void writeIdx(Path dir, String split, int n) throws IOException {
        byte[] px = new byte[n * 28 * 28];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int label = i % 10;
            labels[i] = (byte) label;
            int w = 4 + 2 * label;
            int x0 = (28 - w) / 2;
            for (int y = 4; y < 24; y++) {
                for (int x = x0; x < x0 + w; x++) {
                    px[i * 784 + y * 28 + x] = (byte) 255;
                }
            }
        }
        IdxFiles.writeUnsignedBytes(dir.resolve(split + "-images-idx3-ubyte.gz"), new int[] {n, 28, 28}, px);
        IdxFiles.writeUnsignedBytes(dir.resolve(split + "-labels-idx1-ubyte.gz"), new int[] {n}, labels);
    }

    private Path src() throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        writeIdx(src, "train", 20);
        writeIdx(src, "t10k", 10);
        return src;
    }

    private static FashionMnistDetConverter.Settings settings(Path src, Path out, long seed) {
        return new FashionMnistDetConverter.Settings(src, out, 6, 3, 64, seed, 0.75, 2.0);
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }

    @Test
    void sameSettingsGiveByteIdenticalFiles() throws Exception {
        Path src = src();
        FashionMnistDetConverter.Summary a = FashionMnistDetConverter.convert(settings(src, dir.resolve("a"), 0));
        FashionMnistDetConverter.convert(settings(src, dir.resolve("b"), 0));
        FashionMnistDetConverter.convert(settings(src, dir.resolve("c"), 1));
        List<Path> names = files(dir.resolve("a"));
        assertEquals(names, files(dir.resolve("b")));
        assertEquals(2 + 6 + 3, names.size());
        assertTrue(names.contains(Path.of("annotations/instances_train.json")));
        assertTrue(names.contains(Path.of("val/000003.png")));
        for (Path p : names) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(p)), Files.readAllBytes(dir.resolve("b")
                    .resolve(p)), p.toString());
        }
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(dir.resolve("a/annotations/instances_train.json")),
                Files.readAllBytes(dir.resolve("c/annotations/instances_train.json"))), "another seed, another dataset");
        assertEquals(6, a.trainImages());
        assertEquals(3, a.valImages());
    }

    @Test
    void annotationsAreTightBoxesOfTheDrawnItems() throws Exception {
        Path out = dir.resolve("out");
        FashionMnistDetConverter.convert(settings(src(), out, 7));
        for (String split : List.of("train", "val")) {
            JsonNode root = new ObjectMapper().readTree(out.resolve("annotations/instances_" + split + ".json").toFile());
            assertEquals(FashionMnistDetConverter.CLASSES, root.get("categories").findValuesAsText("name"));
            assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
                    root.get("categories").findValues("id").stream().map(JsonNode::asInt).toList());
            int images = root.get("images").size();
            int[] perImage = new int[images + 1];
            for (JsonNode ann : root.get("annotations")) {
                int imageId = ann.get("image_id").asInt();
                perImage[imageId]++;
                int x = ann.get("bbox").get(0).asInt();
                int y = ann.get("bbox").get(1).asInt();
                int w = ann.get("bbox").get(2).asInt();
                int h = ann.get("bbox").get(3).asInt();
                assertTrue(x >= 0 && y >= 0 && x + w <= 64 && y + h <= 64, ann.toString());
                // A scaled solid rectangle fills its box but for bilinear-softened corner pixels.
                int area = ann.get("area").asInt();
                assertTrue(area <= w * h && area >= w * h - 4, ann.toString());
                assertEquals(0, ann.get("iscrowd").asInt());
                int label = ann.get("category_id").asInt() - 1;
                assertEquals((4.0 + 2 * label) / 20, (double) w / h, 0.15, "box aspect matches label " + ann);
                Image img = ImageFiles.read(out.resolve(split).resolve(root.get("images").get(imageId - 1)
                        .get("file_name").asText()), "color");
                assertEquals(255f, img.get(y + h / 2, x + w / 2, 1), "the box centre is inside the item: " + ann);
            }
            for (int i = 1; i <= images; i++) {
                assertTrue(perImage[i] >= 1 && perImage[i] <= 4, split + " image " + i + " has " + perImage[i]);
            }
        }
    }

    @Test
    void tightBoxIsTheExtentOfPixelsAtOrAboveTheThreshold() {
        byte[] px = new byte[6 * 5];
        px[1 * 6 + 2] = (byte) CanvasRenderer.THRESHOLD;
        px[3 * 6 + 4] = (byte) 200;
        px[4 * 6 + 5] = (byte) (CanvasRenderer.THRESHOLD - 1);
        assertArrayEquals(new int[] {2, 1, 3, 3}, CanvasRenderer.tightBox(Image.ofUint8(5, 6, 1, px)));
        assertEquals(null, CanvasRenderer.tightBox(Image.ofUint8(5, 6, 1, new byte[30])));
    }

    @Test
    void outputLoadsAsACocoDataset() throws Exception {
        Path out = dir.resolve("out");
        FashionMnistDetConverter.convert(settings(src(), out, 0));
        BuildContext ctx = new BuildContext(Registries.load(), null);
        CocoDataset ds = (CocoDataset) ctx.build(DetDataModule.DATASETS, ConfigDict.of("type", "CocoDataset",
                "data_root", out + "/", "ann_file", "annotations/instances_val.json", "img_prefix", "val/",
                "pipeline", List.of(ConfigDict.of("type", "LoadImageFromFile"),
                        ConfigDict.of("type", "LoadAnnotations"),
                        ConfigDict.of("type", "Collect", "keys", List.of("img", "gt_bboxes", "gt_labels")))));
        assertEquals(FashionMnistDetConverter.CLASSES, ds.classes());
        assertEquals(3, ds.size());
        Map<String, Object> s = ds.get(0);
        assertEquals(List.of(64, 64, 3), ((Image) s.get("img")).shape());
        assertNotNull(s.get("gt_bboxes"));
    }

    @Test
    void commandLineReportsAndFailsInOneLine() throws Exception {
        Path src = src();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = FashionMnistDet.run(new String[] {"--src", src.toString(), "--out", dir.resolve("o").toString(),
            "--train", "2", "--val", "1", "--canvas", "48"}, new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().startsWith("train: 2 images"), out.toString());

        err = new StringWriter();
        code = FashionMnistDet.run(new String[] {"--src", src.toString(), "--out", dir.resolve("o").toString(),
            "--canvas", "16"}, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(2, code);
        assertTrue(err.toString().contains("--canvas must be at least 32"), err.toString());

        err = new StringWriter();
        code = FashionMnistDet.run(new String[] {"--src", dir.resolve("nowhere").toString(), "--out",
            dir.resolve("o").toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(1, code);
        assertTrue(err.toString().contains("nowhere") && err.toString().lines().count() == 1, err.toString());
    }
}
