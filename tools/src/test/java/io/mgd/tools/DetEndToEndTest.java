package io.mgd.tools;

import static io.mgd.tools.ToolRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgd.core.apis.TestApi;
import io.mgd.core.checkpoint.Checkpoints;
import io.mgd.core.checkpoint.TensorData;
import io.mgd.core.config.Config;
import io.mgd.core.data.IdxFiles;
import io.mgd.det.apis.EvalMetricApi;
import io.mgd.det.tools.FashionMnistDetConverter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detection tools end to end on a tiny Fashion-MNIST detection set made by the converter from
 * generated IDX files, with the repository's {@code fashion_mnist_det} dataset config: train a
 * tiny RetinaNet teacher, distil a student with FeatureLoss on all FPN levels, test with
 * {@code --eval bbox --out}, and check that {@code eval_metric} on the saved results agrees
 * exactly with the test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DetEndToEndTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void makeData() throws Exception {
        Path src = dir.resolve("idx");
        for (String split : List.of("train", "t10k")) {
            int n = 20;
            byte[] px = new byte[n * 28 * 28];
            byte[] labels = new byte[n];
            for (int i = 0; i < n; i++) {
                labels[i] = (byte) (i % 3);
                for (int y = 4; y < 24; y++) {
                    for (int x = 6 + 2 * labels[i]; x < 22 - 2 * labels[i]; x++) {
                        px[i * 784 + y * 28 + x] = (byte) (120 + 60 * labels[i]); // class-dependent shape and grey
                    }
                }
            }
            IdxFiles.writeUnsignedBytes(src.resolve(split + "-images-idx3-ubyte.gz"), new int[] {n, 28, 28}, px);
            IdxFiles.writeUnsignedBytes(src.resolve(split + "-labels-idx1-ubyte.gz"), new int[] {n}, labels);
        }
        Path data = dir.resolve("fmnist_det");
        FashionMnistDetConverter.convert(new FashionMnistDetConverter.Settings(src, data, 8, 4, 64, 0, 0.8, 1.6));
        Path datasetCfg = repoRoot().resolve("configs/det/_base_/datasets/fashion_mnist_det.yaml");
        write("base.yaml", """
                _base_: %s
                train_pipeline: &train
                  - {type: LoadImageFromFile}
                  - {type: LoadAnnotations, with_bbox: true}
                  - {type: Resize, img_scale: !!python/tuple [64, 64], keep_ratio: true}
                  - {type: RandomFlip, flip_ratio: 0.5}
                  - {type: Normalize, mean: [123.675, 116.28, 103.53], std: [58.395, 57.12, 57.375], to_rgb: true}
                  - {type: Pad, size_divisor: 32}
                  - {type: DefaultFormatBundle}
                  - {type: Collect, keys: [img, gt_bboxes, gt_labels]}
                test_pipeline: &test
                  - {type: LoadImageFromFile}
                  - type: MultiScaleFlipAug
                    img_scale: !!python/tuple [64, 64]
                    flip: false
                    transforms:
                      - {type: Resize, keep_ratio: true}
                      - {type: RandomFlip}
                      - {type: Normalize, mean: [123.675, 116.28, 103.53], std: [58.395, 57.12, 57.375], to_rgb: true}
                      - {type: Pad, size_divisor: 32}
                      - {type: ImageToTensor, keys: [img]}
                      - {type: Collect, keys: [img]}
                data:
                  samples_per_gpu: 4
                  workers_per_gpu: 1
                  train: {data_root: %s/, pipeline: *train}
                  val: {data_root: %s/, pipeline: *test}
                  test: {data_root: %s/, pipeline: *test}
                optimizer: {type: SGD, lr: 0.01, momentum: 0.9, weight_decay: 0.0001}
                optimizer_config: {grad_clip: {max_norm: 35, norm_type: 2}}
                lr_config: {policy: step, step: [8]}
                runner: {type: EpochBasedRunner, max_epochs: 1}
                checkpoint_config: {interval: 1}
                log_config: {interval: 1, hooks: [{type: TextLoggerHook}]}
                workflow: [[train, 1]]
                custom_hooks: [{type: NumClassCheckHook}]
                """.formatted(datasetCfg, data, data, data));
        write("teacher.yaml", model(34));
        write("student.yaml", model(18));
        // alpha_mgd far above the reference's 2e-5: the logs round to 4 decimals, and the test checks
        // that every FeatureLoss is positive in them
        StringBuilder locs = new StringBuilder();
        for (int i = 4; i >= 0; i--) {
            locs.append("""
                        - student_module: neck.fpn_convs.%d.conv
                          teacher_module: neck.fpn_convs.%d.conv
                          output_hook: true
                          methods: [{type: FeatureLoss, name: loss_mgd_fpn_%d, student_channels: 16, teacher_channels: 16, alpha_mgd: 0.5, lambda_mgd: 0.65}]
                    """.formatted(i, i, i));
        }
        write("distill.yaml", """
                _base_: student.yaml
                distiller:
                  type: DetectionDistiller
                  teacher_pretrained: %s
                  init_student: true
                  distill_cfg:
                %s
                student_cfg: %s
                teacher_cfg: %s
                optimizer_config: {_delete_: true, grad_clip: {max_norm: 35, norm_type: 2}}
                """.formatted(dir.resolve("work_teacher/latest.pth"), locs.toString().stripTrailing(),
                dir.resolve("student.yaml"), dir.resolve("teacher.yaml")));
    }

    private static String model(int depth) {
        return "_base_: base.yaml\n" + tinyRetinaNet(depth);
    }

    /**
     * The {@code model:} section of a tiny RetinaNet (base width 8, FPN and head 16 channels, ten
     * classes); score_thr 0 so that even an untrained model gives detections to evaluate.
     */
    static String tinyRetinaNet(int depth) {
        return """
                model:
                  type: RetinaNet
                  backbone: {type: ResNet, depth: %d, stem_channels: 8, base_channels: 8, out_indices: !!python/tuple [0, 1, 2, 3], frozen_stages: -1, norm_eval: false}
                  neck: {type: FPN, in_channels: [8, 16, 32, 64], out_channels: 16, start_level: 1, add_extra_convs: on_input, num_outs: 5}
                  bbox_head:
                    type: RetinaHead
                    num_classes: 10
                    in_channels: 16
                    stacked_convs: 1
                    feat_channels: 16
                    anchor_generator: {type: AnchorGenerator, octave_base_scale: 4, scales_per_octave: 3, ratios: [0.5, 1.0, 2.0], strides: [8, 16, 32, 64, 128]}
                    bbox_coder: {type: DeltaXYWHBBoxCoder, target_means: [0.0, 0.0, 0.0, 0.0], target_stds: [1.0, 1.0, 1.0, 1.0]}
                    loss_cls: {type: FocalLoss, use_sigmoid: true, gamma: 2.0, alpha: 0.25, loss_weight: 1.0}
                    loss_bbox: {type: L1Loss, loss_weight: 1.0}
                  train_cfg:
                    assigner: {type: MaxIoUAssigner, pos_iou_thr: 0.5, neg_iou_thr: 0.4, min_pos_iou: 0, ignore_iof_thr: -1}
                    allowed_border: -1
                    pos_weight: -1
                    debug: false
                  test_cfg: {nms_pre: 1000, min_bbox_size: 0, score_thr: 0.0, nms: {type: nms, iou_threshold: 0.5}, max_per_img: 100}
                """.formatted(depth);
    }

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("configs/det"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("configs/det not found above the working directory");
        }
        return p;
    }

    private static void write(String name, String text) throws Exception {
        Files.writeString(dir.resolve(name), text);
    }


    private static List<JsonNode> jsonLog(Path workDir) throws Exception {
        Path log;
        try (var s = Files.list(workDir)) {
            log = s.filter(p -> p.toString().endsWith(".log.json")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        List<JsonNode> out = new ArrayList<>();
        // NaN is written as Python's json does, so that a diverged run fails on its values, not on parsing
        ObjectMapper mapper = new ObjectMapper().enable(
                com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature());
        for (String line : Files.readAllLines(log)) {
            out.add(mapper.readTree(line));
        }
        return out;
    }

    private static String copypaste(String output) {
        Matcher m = Pattern.compile("bbox_mAP_copypaste'?\\s*:\\s*'?([0-9. -]+[0-9])").matcher(output);
        assertTrue(m.find(), output);
        return m.group(1);
    }

    @Test
    @Order(1)
    void trainTeacherThenDistilOnFpnLevels() throws Exception {
        Object[] t = run("train", dir.resolve("teacher.yaml").toString(), "--work-dir",
                dir.resolve("work_teacher").toString(), "--seed", "0");
        assertEquals(0, t[0], (String) t[1]);
        assertTrue(Files.exists(dir.resolve("work_teacher/latest.pth")));
        List<JsonNode> teacherLog = jsonLog(dir.resolve("work_teacher"));
        for (JsonNode n : teacherLog) {
            if ("train".equals(n.path("mode").asText())) {
                assertTrue(Double.isFinite(n.get("loss").asDouble()), "teacher loss diverged: " + teacherLog.subList(1, teacherLog.size()));
            }
        }
        assertTrue(teacherLog.stream().anyMatch(n -> "val".equals(n.path("mode").asText()) && n.has("bbox_mAP")),
                "the teacher's validation logs bbox_mAP");

        Object[] d = run("train", dir.resolve("distill.yaml").toString(), "--work-dir",
                dir.resolve("work_mgd").toString(), "--seed", "0");
        assertEquals(0, d[0], (String) d[1]);
        JsonNode train = jsonLog(dir.resolve("work_mgd")).stream()
                .filter(n -> "train".equals(n.path("mode").asText())).findFirst().orElseThrow();
        List<String> keys = new ArrayList<>();
        train.fieldNames().forEachRemaining(keys::add);
        List<String> losses = keys.stream().filter(k -> k.contains("loss")).toList();
        assertEquals(List.of("loss_cls", "loss_bbox", "loss_mgd_fpn_4", "loss_mgd_fpn_3", "loss_mgd_fpn_2",
                "loss_mgd_fpn_1", "loss_mgd_fpn_0", "loss"), losses);
        double sum = 0;
        for (String k : losses.subList(0, losses.size() - 1)) {
            double v = train.get(k).asDouble();
            assertTrue(Double.isFinite(v) && v > 0, k + " = " + v);
            sum += v;
        }
        assertEquals(sum, train.get("loss").asDouble(), 1e-3);

        Map<String, TensorData> sd = Checkpoints.stateDict(Checkpoints.load(dir.resolve("work_mgd/latest.pth")));
        assertTrue(sd.containsKey("student.bbox_head.retina_cls.weight"));
        assertTrue(sd.containsKey("distill_losses.loss_mgd_fpn_0.generation.2.bias"));
        // the teacher is the teacher checkpoint, untouched by training
        Map<String, TensorData> teacher = Checkpoints.stateDict(Checkpoints.load(dir.resolve("work_teacher/latest.pth")));
        assertEquals(java.util.Arrays.toString(teacher.get("neck.fpn_convs.4.conv.weight").toFloatArray()),
                java.util.Arrays.toString(sd.get("teacher.neck.fpn_convs.4.conv.weight").toFloatArray()));
    }

    @Test
    @Order(2)
    void testAndEvalMetricAgreeOnTheSameDetections() throws Exception {
        Path out = dir.resolve("results.json");
        Path ckpt = dir.resolve("work_mgd/latest.pth");
        Object[] t = run("test", dir.resolve("student.yaml").toString(), ckpt.toString(), "--eval", "bbox",
                "--out", out.toString());
        assertEquals(0, t[0], (String) t[1]);
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertTrue(json.isArray() && json.size() > 0, "COCO results list");
        JsonNode first = json.get(0);
        List<String> fields = new ArrayList<>();
        first.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("image_id", "bbox", "score", "category_id"), fields);

        Object[] e = run("eval_metric", dir.resolve("student.yaml").toString(), out.toString(), "--eval", "bbox");
        assertEquals(0, e[0], (String) e[1]);
        assertEquals(copypaste((String) t[1]), copypaste((String) e[1]));

        // the full metric dicts, not only the printed digits
        TestApi.TestResult direct = TestApi.test(new TestApi.TestOptions(dir.resolve("student.yaml"), ckpt,
                List.of("bbox"), null, null, List.of()));
        LinkedHashMap<String, Object> saved = EvalMetricApi.evaluate(Config.fromFile(dir.resolve("student.yaml")), out,
                List.of("bbox"), null);
        assertFalse(direct.metrics().isEmpty());
        assertEquals(direct.metrics(), saved);
    }

    @Test
    @Order(3)
    void evalMetricScoresPerfectDetectionsAsOne() throws Exception {
        // the ground truth itself as results: every AP is 1, so eval_metric is not trivially 0
        JsonNode gt = new ObjectMapper().readTree(dir.resolve("fmnist_det/annotations/instances_val.json").toFile());
        List<Map<String, Object>> dets = new ArrayList<>();
        for (JsonNode a : gt.get("annotations")) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("image_id", a.get("image_id").asLong());
            r.put("bbox", List.of(a.get("bbox").get(0).asDouble(), a.get("bbox").get(1).asDouble(),
                    a.get("bbox").get(2).asDouble(), a.get("bbox").get(3).asDouble()));
            r.put("score", 0.9);
            r.put("category_id", a.get("category_id").asLong());
            dets.add(r);
        }
        Path perfect = dir.resolve("perfect.json");
        new ObjectMapper().writeValue(perfect.toFile(), dets);
        LinkedHashMap<String, Object> m = EvalMetricApi.evaluate(Config.fromFile(dir.resolve("student.yaml")), perfect,
                List.of("bbox"), null);
        assertEquals(1.0, m.get("bbox_mAP"));
        assertEquals(1.0, m.get("bbox_mAP_50"));

        Object[] bad = run("eval_metric", dir.resolve("student.yaml").toString(), dir.resolve("missing.json").toString());
        assertEquals(1, bad[0]);
        assertTrue(((String) bad[1]).contains("results file not found"), (String) bad[1]);
    }
}
