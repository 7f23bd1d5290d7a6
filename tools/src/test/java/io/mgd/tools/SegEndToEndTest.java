package io.mgd.tools;

import static io.mgd.tools.ToolRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgd.core.checkpoint.Checkpoints;
import io.mgd.core.checkpoint.TensorData;
import io.mgd.core.data.IdxFiles;
import io.mgd.seg.tools.FashionMnistSegConverter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The segmentation tools end to end on a tiny Fashion-MNIST-seg dataset generated from synthetic
 * IDX files: train a PSPNet teacher (IterBasedRunner), distil a PSPNet student with MGD on the
 * last backbone stage plus the logit loss, then {@code test --eval mIoU --out}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SegEndToEndTest {
    private static final int CANVAS = 64;
    private static final int VAL = 4;

    @TempDir
    static Path dir;

    @BeforeAll
    static void makeData() throws Exception {
        Path idx = dir.resolve("idx");
        Random r = new Random(0);
        for (String split : List.of("train", "t10k")) {
            int n = 20;
            byte[] px = new byte[n * 28 * 28];
            byte[] labels = new byte[n];
            for (int i = 0; i < n; i++) {
                labels[i] = (byte) (i % 10);
                // a class-sized filled rectangle: a shape whose pixels the converter labels
                int half = 4 + labels[i];
                for (int y = 14 - half; y < 14 + half; y++) {
                    for (int x = 14 - half / 2; x < 14 + half / 2 + 1; x++) {
                        px[i * 784 + y * 28 + x] = (byte) (150 + r.nextInt(100));
                    }
                }
            }
            IdxFiles.writeUnsignedBytes(idx.resolve(split + "-images-idx3-ubyte.gz"), new int[] {n, 28, 28}, px);
            IdxFiles.writeUnsignedBytes(idx.resolve(split + "-labels-idx1-ubyte.gz"), new int[] {n}, labels);
        }
        Path data = dir.resolve("data");
        FashionMnistSegConverter.convert(new FashionMnistSegConverter.Options(idx, data, 8, VAL, CANVAS, 0,
                "cityscapes", 50, 2));
        Path datasetBase = Path.of("..", "configs", "seg", "_base_", "datasets", "fashion_mnist_seg.yaml")
                .toAbsolutePath().normalize();
        String root = data.toString() + "/";
        write("base.yaml", """
                _base_: %s
                data:
                  samples_per_gpu: 4
                  workers_per_gpu: 0
                  train: {data_root: %s}
                  val: {data_root: %s}
                  test: {data_root: %s}
                optimizer: {type: SGD, lr: 0.01, momentum: 0.9, weight_decay: 0.0005}
                optimizer_config: {}
                lr_config: {policy: poly, power: 0.9, min_lr: 0.0001, by_epoch: false}
                runner: {type: IterBasedRunner, max_iters: 4}
                checkpoint_config: {by_epoch: false, interval: 4}
                evaluation: {interval: 4, metric: mIoU, pre_eval: true}
                log_config: {interval: 2, hooks: [{type: TextLoggerHook, by_epoch: false}]}
                workflow: [[train, 1]]
                """.formatted(datasetBase, root, root, root));
        write("teacher.yaml", model(8, 64));
        write("student.yaml", model(4, 32));
        write("distill.yaml", """
                _base_: student.yaml
                distiller:
                  type: SegmentationDistiller
                  teacher_pretrained: %s
                  use_logit: true
                  distill_cfg:
                    - methods: [{type: FeatureLoss, name: loss_mgd_fea, student_channels: 32, teacher_channels: 64, alpha_mgd: 0.00002, lambda_mgd: 0.75}]
                student_cfg: %s
                teacher_cfg: %s
                """.formatted(dir.resolve("work_teacher/latest.pth"), dir.resolve("student.yaml"),
                dir.resolve("teacher.yaml")));
    }

    /** A dilated ResNetV1c-18 PSPNet of the given width (layer4 has 8·width channels). */
    private static String model(int width, int channels) {
        return """
                _base_: base.yaml
                norm_cfg: &n {type: BN, requires_grad: true}
                model:
                  type: EncoderDecoder
                  backbone: {type: ResNetV1c, depth: 18, base_channels: %d, stem_channels: %d, out_indices: [0, 1, 2, 3], dilations: [1, 1, 2, 4], strides: [1, 2, 1, 1], norm_cfg: *n, norm_eval: false, style: pytorch, contract_dilation: true}
                  decode_head: {type: PSPHead, in_channels: %d, in_index: 3, channels: 16, pool_scales: [1, 2, 3, 6], dropout_ratio: 0.1, num_classes: 11, norm_cfg: *n, align_corners: false, loss_decode: {type: CrossEntropyLoss, use_sigmoid: false, loss_weight: 1.0}}
                  auxiliary_head: {type: FCNHead, in_channels: %d, in_index: 2, channels: 8, num_convs: 1, concat_input: false, dropout_ratio: 0.1, num_classes: 11, norm_cfg: *n, align_corners: false, loss_decode: {type: CrossEntropyLoss, use_sigmoid: false, loss_weight: 0.4}}
                  train_cfg: {}
                  test_cfg: {mode: whole}
                """.formatted(width, width, channels, channels / 2);
    }

    private static void write(String name, String text) throws Exception {
        Files.writeString(dir.resolve(name), text);
    }


    /** mmcv's json log writes NaN for classes absent from the val set, as Python's json does. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature());

    private static List<JsonNode> jsonLog(Path workDir) throws Exception {
        Path log;
        try (var s = Files.list(workDir)) {
            log = s.filter(p -> p.toString().endsWith(".log.json")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private static List<String> keys(JsonNode n) {
        List<String> keys = new ArrayList<>();
        n.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    @Order(1)
    void trainTeacherThenDistilWithFeatureAndLogitLosses() throws Exception {
        Object[] t = run("train", dir.resolve("teacher.yaml").toString(), "--work-dir",
                dir.resolve("work_teacher").toString(), "--seed", "0");
        assertEquals(0, t[0], (String) t[1]);
        assertTrue(Files.exists(dir.resolve("work_teacher/latest.pth")));
        List<JsonNode> teacherLog = jsonLog(dir.resolve("work_teacher"));
        JsonNode tt = teacherLog.stream().filter(n -> "train".equals(n.path("mode").asText())).findFirst().orElseThrow();
        assertTrue(keys(tt).containsAll(List.of("decode.loss_ce", "decode.acc_seg", "aux.loss_ce", "aux.acc_seg",
                "loss")), keys(tt).toString());

        Object[] d = run("train", dir.resolve("distill.yaml").toString(), "--work-dir",
                dir.resolve("work_mgd").toString(), "--seed", "0");
        assertEquals(0, d[0], (String) d[1]);
        List<JsonNode> log = jsonLog(dir.resolve("work_mgd"));
        JsonNode train = log.stream().filter(n -> "train".equals(n.path("mode").asText())).findFirst().orElseThrow();
        List<String> k = keys(train);
        int first = k.indexOf("decode.loss_ce");
        assertTrue(first > 0, k.toString());
        assertEquals(List.of("decode.loss_ce", "decode.acc_seg", "aux.loss_ce", "aux.acc_seg", "loss_mgd_fea",
                "loss_logit", "loss"), k.subList(first, first + 7));
        double sum = train.get("decode.loss_ce").asDouble() + train.get("aux.loss_ce").asDouble()
                + train.get("loss_mgd_fea").asDouble() + train.get("loss_logit").asDouble();
        assertEquals(sum, train.get("loss").asDouble(), 1e-4);
        assertTrue(train.get("loss_logit").asDouble() > 0, "teacher and student logits differ");
        JsonNode val = log.stream().filter(n -> "val".equals(n.path("mode").asText())).findFirst().orElseThrow();
        assertTrue(val.has("mIoU") && val.has("aAcc") && val.has("IoU.background"), val.toString());

        Map<String, TensorData> sd = Checkpoints.stateDict(Checkpoints.load(dir.resolve("work_mgd/latest.pth")));
        assertTrue(sd.containsKey("student.decode_head.conv_seg.weight"));
        assertTrue(sd.containsKey("student.auxiliary_head.convs.0.conv.weight"));
        assertTrue(sd.containsKey("distill_losses.loss_mgd_fea.align.weight"));
        assertTrue(sd.containsKey("distill_losses.loss_mgd_fea.generation.2.bias"));
        Map<String, TensorData> teacher = Checkpoints.stateDict(Checkpoints.load(dir.resolve("work_teacher/latest.pth")));
        assertEquals(Arrays.toString(teacher.get("decode_head.conv_seg.weight").toFloatArray()),
                Arrays.toString(sd.get("teacher.decode_head.conv_seg.weight").toFloatArray()),
                "the teacher stays what teacher_pretrained holds");
    }

    @Test
    @Order(2)
    void testEvaluatesMiouAndWritesPreEvalResults() throws Exception {
        Path out = dir.resolve("out.json");
        Object[] a = run("test", dir.resolve("distill.yaml").toString(), dir.resolve("work_mgd/latest.pth").toString(),
                "--eval", "mIoU", "--out", out.toString());
        assertEquals(0, a[0], (String) a[1]);
        String printed = (String) a[1];
        // mmseg's two tables: per-class IoU/Acc in percent, then the summary
        assertTrue(printed.contains("per class results:"), printed);
        assertTrue(java.util.regex.Pattern.compile("\\|\\s+Class\\s+\\|\\s+IoU\\s+\\|\\s+Acc\\s+\\|").matcher(printed).find(),
                printed);
        assertTrue(java.util.regex.Pattern.compile("\\|\\s+aAcc\\s+\\|\\s+mIoU\\s+\\|\\s+mAcc\\s+\\|").matcher(printed)
                .find(), printed);
        JsonNode j = JSON.readTree(out.toFile());
        List<String> k = keys(j);
        assertEquals(List.of("aAcc", "mIoU", "mAcc", "IoU.background", "IoU.T-shirt/top"), k.subList(0, 5));
        assertTrue(k.contains("Acc.Ankle boot"), k.toString());
        // mIoU is the nan-mean of the per-class IoU (both rounded to 0.01 %)
        double s = 0;
        int n = 0;
        for (Iterator<String> it = j.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (key.startsWith("IoU.") && j.get(key).isNumber()) {
                s += j.get(key).asDouble();
                n++;
            }
        }
        assertTrue(n > 0);
        assertEquals(s / n, j.get("mIoU").asDouble(), 1e-4);
        assertTrue(j.get("aAcc").asDouble() >= 0 && j.get("aAcc").asDouble() <= 1);
        // pre-eval: one [intersect, union, pred, label] per val image, every pixel labelled
        JsonNode results = j.get("results");
        assertEquals(VAL, results.size());
        double labelled = 0;
        double predicted = 0;
        for (JsonNode img : results) {
            assertEquals(4, img.size());
            for (JsonNode v : img.get(3)) {
                labelled += v.asDouble();
            }
            for (JsonNode v : img.get(2)) {
                predicted += v.asDouble();
            }
        }
        assertEquals((double) VAL * CANVAS * CANVAS, labelled, 0.0);
        assertEquals(labelled, predicted, 0.0);
    }

    @Test
    @Order(3)
    void showDirWritesPaletteOverlaysOfThePredictions() throws Exception {
        Path show = dir.resolve("show");
        Object[] a = run("test", dir.resolve("distill.yaml").toString(), dir.resolve("work_mgd/latest.pth").toString(),
                "--eval", "mIoU", "--show-dir", show.toString());
        assertEquals(0, a[0], (String) a[1]);
        List<List<Integer>> palette = FashionMnistSegConverter.PALETTE;
        for (int i = 0; i < VAL; i++) {
            String name = String.format("fashion/fashion_%06d_000019_leftImg8bit.png", i);
            Path overlay = show.resolve(name);
            assertTrue(Files.isRegularFile(overlay), "missing " + overlay);
            java.awt.image.BufferedImage o = javax.imageio.ImageIO.read(overlay.toFile());
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(
                    dir.resolve("data/leftImg8bit/val").resolve(name).toFile());
            assertEquals(List.of(CANVAS, CANVAS), List.of(o.getHeight(), o.getWidth()));
            // every pixel is uint8(0.5 · image + 0.5 · colour) for the palette colour of some class
            for (int y = 0; y < CANVAS; y += 7) {
                for (int x = 0; x < CANVAS; x += 7) {
                    int p = img.getRGB(x, y);
                    int q = o.getRGB(x, y);
                    boolean matches = palette.stream().anyMatch(c -> blend(p >> 16, c.get(0)) == ((q >> 16) & 0xff)
                            && blend(p >> 8, c.get(1)) == ((q >> 8) & 0xff) && blend(p, c.get(2)) == (q & 0xff));
                    assertTrue(matches, name + " pixel (" + x + ", " + y + ") is no palette blend: " + Integer.toHexString(q));
                }
            }
        }
    }

    private static int blend(int channel, int colour) {
        return (int) ((channel & 0xff) * 0.5 + colour * 0.5);
    }
}
