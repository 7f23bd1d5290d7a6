package io.mgd.tools;

import static io.mgd.tools.ToolRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgd.core.data.IdxFiles;
import io.mgd.det.tools.FashionMnistDetConverter;
import io.mgd.seg.tools.FashionMnistSegConverter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ONNX tools for detection and segmentation on tiny Fashion-MNIST sets made by the converters:
 * train a tiny RetinaNet and a tiny PSPNet for a few iterations, export each with
 * {@code deployment/pytorch2onnx --verify}, and check that {@code tools/test} on the {@code .onnx}
 * (ONNX Runtime, then the Java decoding/NMS or argmax) gives the {@code .pth}'s numbers.
 */
class OnnxDetSegToolsTest {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature());

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
                labels[i] = (byte) (i % 3);
                int half = 4 + 2 * labels[i];
                for (int y = 14 - half; y < 14 + half; y++) {
                    for (int x = 14 - half / 2; x < 14 + half / 2 + 1; x++) {
                        px[i * 784 + y * 28 + x] = (byte) (120 + 50 * labels[i] + r.nextInt(30));
                    }
                }
            }
            IdxFiles.writeUnsignedBytes(idx.resolve(split + "-images-idx3-ubyte.gz"), new int[] {n, 28, 28}, px);
            IdxFiles.writeUnsignedBytes(idx.resolve(split + "-labels-idx1-ubyte.gz"), new int[] {n}, labels);
        }
        Path det = dir.resolve("det");
        FashionMnistDetConverter.convert(new FashionMnistDetConverter.Settings(idx, det, 8, 6, 64, 0, 0.8, 1.6));
        Path seg = dir.resolve("seg");
        FashionMnistSegConverter.convert(new FashionMnistSegConverter.Options(idx, seg, 8, 6, 64, 0, "cityscapes", 50,
                2));
        Path root = DetEndToEndTest.repoRoot();
        Files.writeString(dir.resolve("det.yaml"), """
                _base_: %s
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
                  workers_per_gpu: 0
                  train: {data_root: %s/}
                  val: {data_root: %s/, pipeline: *test}
                  test: {data_root: %s/, pipeline: *test}
                %s
                optimizer: {type: SGD, lr: 0.01, momentum: 0.9, weight_decay: 0.0001}
                optimizer_config: {grad_clip: {max_norm: 35, norm_type: 2}}
                lr_config: {policy: step, step: [8]}
                runner: {type: EpochBasedRunner, max_epochs: 1}
                checkpoint_config: {interval: 1}
                log_config: {interval: 1, hooks: [{type: TextLoggerHook}]}
                workflow: [[train, 1]]
                """.formatted(root.resolve("configs/det/_base_/datasets/fashion_mnist_det.yaml"), det, det, det,
                DetEndToEndTest.tinyRetinaNet(18).stripTrailing()));
        String segRoot = seg + "/";
        Files.writeString(dir.resolve("seg.yaml"), """
                _base_: %s
                norm_cfg: &n {type: BN, requires_grad: true}
                data:
                  samples_per_gpu: 4
                  workers_per_gpu: 0
                  train: {data_root: %s}
                  val: {data_root: %s}
                  test: {data_root: %s}
                model:
                  type: EncoderDecoder
                  backbone: {type: ResNetV1c, depth: 18, base_channels: 4, stem_channels: 4, out_indices: [0, 1, 2, 3], dilations: [1, 1, 2, 4], strides: [1, 2, 1, 1], norm_cfg: *n, norm_eval: false, style: pytorch, contract_dilation: true}
                  decode_head: {type: PSPHead, in_channels: 32, in_index: 3, channels: 16, pool_scales: [1, 2, 3, 6], dropout_ratio: 0.1, num_classes: 11, norm_cfg: *n, align_corners: false, loss_decode: {type: CrossEntropyLoss, use_sigmoid: false, loss_weight: 1.0}}
                  auxiliary_head: {type: FCNHead, in_channels: 16, in_index: 2, channels: 8, num_convs: 1, concat_input: false, dropout_ratio: 0.1, num_classes: 11, norm_cfg: *n, align_corners: false, loss_decode: {type: CrossEntropyLoss, use_sigmoid: false, loss_weight: 0.4}}
                  train_cfg: {}
                  test_cfg: {mode: whole}
                optimizer: {type: SGD, lr: 0.01, momentum: 0.9, weight_decay: 0.0005}
                optimizer_config: {}
                lr_config: {policy: poly, power: 0.9, min_lr: 0.0001, by_epoch: false}
                runner: {type: IterBasedRunner, max_iters: 4}
                checkpoint_config: {by_epoch: false, interval: 4}
                log_config: {interval: 2, hooks: [{type: TextLoggerHook, by_epoch: false}]}
                workflow: [[train, 1]]
                """.formatted(root.resolve("configs/seg/_base_/datasets/fashion_mnist_seg.yaml"), segRoot, segRoot,
                segRoot));
    }

    private static String p(String name) {
        return dir.resolve(name).toString();
    }

    private static String ok(Object[] r) {
        assertEquals(0, r[0], (String) r[1]);
        return (String) r[1];
    }

    /** The max abs differences printed by --verify, each within the tolerance; returns how many. */
    private static int verifiedOutputs(String out) {
        Matcher m = Pattern.compile("verify (random input|test samples) .*? max abs diff (\\S+)").matcher(out);
        int n = 0;
        while (m.find()) {
            assertTrue(Double.parseDouble(m.group(2)) <= 1e-4, m.group());
            n++;
        }
        return n;
    }

    @Test
    void retinaNetExportsRawHeadOutputsAndTestsLikeTheCheckpoint() throws Exception {
        ok(run("train", p("det.yaml"), "--work-dir", p("work_det"), "--seed", "0", "--no-validate"));
        String out = ok(run("deployment/pytorch2onnx", p("det.yaml"), p("work_det/latest.pth"), "--output-file",
                p("det.onnx"), "--fold-bn", "--verify"));
        assertTrue(out.contains("input input [1, 3, 64, 64], outputs [cls_score_0, cls_score_1, cls_score_2, "
                + "cls_score_3, cls_score_4, bbox_pred_0, bbox_pred_1, bbox_pred_2, bbox_pred_3, bbox_pred_4]"), out);
        assertTrue(out.contains("verify test samples [1, 3, 64, 64]: bbox_pred_4"), out);
        assertEquals(20, verifiedOutputs(out), out);

        String pth = ok(run("test", p("det.yaml"), p("work_det/latest.pth"), "--eval", "bbox", "--out", p("det_pth.json")));
        String onnx = ok(run("test", p("det.yaml"), p("det.onnx"), "--eval", "bbox", "--out", p("det_onnx.json")));
        // mAP, mAP_50, mAP_75 as fractions with 3 decimals: 0.05 points is 0.0005
        double[] a = copypaste(pth);
        double[] b = copypaste(onnx);
        for (int i = 0; i < 3; i++) {
            assertEquals(a[i], b[i], 0.0005, pth + "\n" + onnx);
        }
        JsonNode dp = JSON.readTree(dir.resolve("det_pth.json").toFile());
        JsonNode dn = JSON.readTree(dir.resolve("det_onnx.json").toFile());
        assertEquals(6 * 100, dp.size(), "score_thr 0 keeps max_per_img boxes of each of the 6 images");
        assertEquals(dp.size(), dn.size());
        for (int i = 0; i < dp.size(); i++) {
            assertEquals(dp.get(i).get("score").asDouble(), dn.get(i).get("score").asDouble(), 1e-4, "result " + i);
        }
    }

    @Test
    void pspNetExportsLogitsAtInputSizeAndTestsLikeTheCheckpoint() throws Exception {
        ok(run("train", p("seg.yaml"), "--work-dir", p("work_seg"), "--seed", "0", "--no-validate"));
        String out = ok(run("deployment/pytorch2onnx", p("seg.yaml"), p("work_seg/latest.pth"), "--output-file",
                p("seg.onnx"), "--verify"));
        assertTrue(out.contains("input input [1, 3, 64, 64], outputs [output]"), out);
        assertTrue(out.contains("verify test samples [1, 3, 64, 64]: output"), out);
        assertEquals(2, verifiedOutputs(out), out);

        String pth = ok(run("test", p("seg.yaml"), p("work_seg/latest.pth"), "--eval", "mIoU", "--out", p("seg_pth.json")));
        String onnx = ok(run("test", p("seg.yaml"), p("seg.onnx"), "--eval", "mIoU", "--out", p("seg_onnx.json")));
        JsonNode sp = JSON.readTree(dir.resolve("seg_pth.json").toFile());
        JsonNode sn = JSON.readTree(dir.resolve("seg_onnx.json").toFile());
        for (String k : List.of("mIoU", "mAcc", "aAcc")) {
            assertTrue(sp.has(k), sp.toString());
            assertEquals(sp.get(k).asDouble(), sn.get(k).asDouble(), 0.05 / 100, k + "\n" + pth + "\n" + onnx);
        }
        assertTrue(sp.get("aAcc").asDouble() > 0, sp.toString());
        // the per-image pre-eval area statistics, identical label maps give identical rows
        assertEquals(sp.get("results"), sn.get("results"));
    }

    private static double[] copypaste(String out) {
        Matcher m = Pattern.compile("bbox_mAP_copypaste : ([0-9. -]+[0-9])").matcher(out);
        assertTrue(m.find(), out);
        String[] parts = m.group(1).trim().split("\\s+");
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = Double.parseDouble(parts[i]);
        }
        return v;
    }
}
