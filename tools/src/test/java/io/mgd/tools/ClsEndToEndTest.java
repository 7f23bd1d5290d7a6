package io.mgd.tools;

import static io.mgd.tools.ToolRun.run;
import static io.mgd.tools.ToolRun.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgd.core.checkpoint.Checkpoints;
import io.mgd.core.checkpoint.TensorData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classification tools end to end on a tiny synthetic MNIST-format dataset: train a teacher,
 * distil a student with MGD (logging ori_loss, loss_mgd, loss), resume, test, pth_transfer, and
 * the user errors the tools must report in one line.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClsEndToEndTest {
    @TempDir
    static Path dir;

    static Path data;

    @BeforeAll
    static void makeData() throws Exception {
        data = TinyCls.writeData(dir, 48, 20, 0);
        write("base.yaml", TinyCls.baseConfig(data, 8, 1, 2));
        write("teacher.yaml", TinyCls.model(16, 128));
        write("student.yaml", TinyCls.model(8, 64));
        write("distill.yaml", TinyCls.mgdDistiller(dir, dir.resolve("work_teacher/latest.pth"), 64, 128));
    }

    private static void write(String name, String text) throws Exception {
        TinyCls.write(dir, name, text);
    }

    private static List<JsonNode> jsonLog(Path workDir) throws Exception {
        Path log;
        try (var s = Files.list(workDir)) {
            log = s.filter(p -> p.toString().endsWith(".log.json")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            out.add(new ObjectMapper().readTree(line));
        }
        return out;
    }

    @Test
    @Order(1)
    void trainTeacherThenDistilWithMgd() throws Exception {
        Object[] t = run("train", dir.resolve("teacher.yaml").toString(), "--work-dir",
                dir.resolve("work_teacher").toString(), "--seed", "0");
        assertEquals(0, t[0], (String) t[1]);
        assertTrue(Files.exists(dir.resolve("work_teacher/latest.pth")));

        Object[] d = run("train", dir.resolve("distill.yaml").toString(), "--work-dir",
                dir.resolve("work_mgd").toString(), "--seed", "0", "--deterministic");
        assertEquals(0, d[0], (String) d[1]);
        List<JsonNode> log = jsonLog(dir.resolve("work_mgd"));
        JsonNode train = log.stream().filter(n -> "train".equals(n.path("mode").asText())).findFirst().orElseThrow();
        List<String> keys = new ArrayList<>();
        train.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("mode", "epoch", "iter", "lr", "data_time", "ori_loss", "loss_mgd", "loss", "time"), keys);
        assertEquals(train.get("ori_loss").asDouble() + train.get("loss_mgd").asDouble(), train.get("loss").asDouble(), 2e-5);
        assertTrue(log.stream().anyMatch(n -> "val".equals(n.path("mode").asText()) && n.has("accuracy_top-1")));

        Map<String, TensorData> sd = Checkpoints.stateDict(Checkpoints.load(dir.resolve("work_mgd/latest.pth")));
        assertTrue(sd.containsKey("student.backbone.conv1.weight"));
        assertTrue(sd.containsKey("teacher.head.fc.weight"));
        assertTrue(sd.containsKey("distill_losses.loss_mgd.align.weight"));
        assertTrue(sd.containsKey("distill_losses.loss_mgd.generation.2.bias"));
        // the teacher stays what teacher_pretrained holds
        Map<String, TensorData> teacher = Checkpoints.stateDict(Checkpoints.load(dir.resolve("work_teacher/latest.pth")));
        assertEquals(java.util.Arrays.toString(teacher.get("backbone.conv1.weight").toFloatArray()),
                java.util.Arrays.toString(sd.get("teacher.backbone.conv1.weight").toFloatArray()));
    }

    @Test
    @Order(2)
    void resumeContinuesFromTheSavedEpoch() throws Exception {
        Object[] r = run("train", dir.resolve("distill.yaml").toString(), "--work-dir", dir.resolve("work_resume").toString(),
                "--resume-from", dir.resolve("work_mgd/epoch_1.pth").toString(), "--seed", "0",
                "--cfg-options", "runner.max_epochs=3");
        assertEquals(0, r[0], (String) r[1]);
        List<JsonNode> log = jsonLog(dir.resolve("work_resume"));
        assertTrue(log.stream().filter(n -> "train".equals(n.path("mode").asText()))
                .allMatch(n -> n.get("epoch").asInt() >= 2), "resumed run starts at epoch 2");
        Map<String, Object> ckpt = Checkpoints.load(dir.resolve("work_resume/latest.pth"));
        assertEquals(3L, ((Map<?, ?>) ckpt.get("meta")).get("epoch"));
    }

    @Test
    @Order(2)
    void sameSeedReproducesTheRunBitForBit() throws Exception {
        // workers_per_gpu differs on purpose: the data order and augmentation must not depend on it.
        Object[] r = run("train", dir.resolve("distill.yaml").toString(), "--work-dir", dir.resolve("work_again").toString(),
                "--seed", "0", "--deterministic", "--cfg-options", "data.workers_per_gpu=0");
        assertEquals(0, r[0], (String) r[1]);
        Map<String, TensorData> a = Checkpoints.stateDict(Checkpoints.load(dir.resolve("work_mgd/latest.pth")));
        Map<String, TensorData> b = Checkpoints.stateDict(Checkpoints.load(dir.resolve("work_again/latest.pth")));
        assertEquals(a.keySet(), b.keySet());
        a.forEach((k, v) -> assertTrue(java.util.Arrays.equals(v.toByteArray(), b.get(k).toByteArray()), k));
    }

    @Test
    @Order(3)
    void testTransferAndEvaluateAgree() throws Exception {
        Object[] a = run("test", dir.resolve("distill.yaml").toString(), dir.resolve("work_mgd/latest.pth").toString(),
                "--metrics", "accuracy", "--out", dir.resolve("out.json").toString());
        assertEquals(0, a[0], (String) a[1]);
        Object[] p = run("pth_transfer", "--mgd_path", dir.resolve("work_mgd/latest.pth").toString(), "--output_path",
                dir.resolve("student.pth").toString());
        assertEquals(0, p[0], (String) p[1]);
        Map<String, Object> student = Checkpoints.load(dir.resolve("student.pth"));
        assertFalse(student.containsKey("optimizer"));
        assertTrue(((Map<?, ?>) student.get("state_dict")).keySet().stream()
                .allMatch(k -> !k.toString().startsWith("student.") && !k.toString().startsWith("teacher.")));
        Object[] b = run("test", dir.resolve("student.yaml").toString(), dir.resolve("student.pth").toString(),
                "--metrics", "accuracy", "--out", dir.resolve("out2.json").toString());
        assertEquals(0, b[0], (String) b[1]);
        JsonNode ja = new ObjectMapper().readTree(dir.resolve("out.json").toFile());
        JsonNode jb = new ObjectMapper().readTree(dir.resolve("out2.json").toFile());
        assertEquals(ja.get("accuracy_top-1").asDouble(), jb.get("accuracy_top-1").asDouble(), 1e-9);
        assertEquals(ja.get("pred_label"), jb.get("pred_label"));
        assertEquals(20, jb.get("pred_label").size());

        // mmcls's other metrics, per class, on the command line
        Object[] c = run("test", dir.resolve("student.yaml").toString(), dir.resolve("student.pth").toString(),
                "--metrics", "accuracy", "precision", "recall", "f1_score", "support", "--metric-options", "topk=(1,)",
                "average_mode=none", "--out", dir.resolve("out3.json").toString());
        assertEquals(0, c[0], (String) c[1]);
        JsonNode jc = new ObjectMapper().readTree(dir.resolve("out3.json").toFile());
        List<String> keys = new ArrayList<>();
        jc.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("accuracy_top-1", "support", "precision", "recall", "f1_score"), keys.subList(0, 5));
        assertEquals(jb.get("accuracy_top-1").asDouble(), jc.get("accuracy_top-1").asDouble(), 1e-9);
        assertEquals(10, jc.get("precision").size());
        long supportSum = 0;
        for (JsonNode n : jc.get("support")) {
            supportSum += n.asLong();
        }
        assertEquals(20, supportSum);
        assertTrue(((String) c[1]).contains("support : [2, 2, 2, 2, 2, 2, 2, 2, 2, 2]"), (String) c[1]);
    }

    @Test
    @Order(4)
    void userErrorsAreOneLine() throws Exception {
        write("bad_type.yaml", TinyCls.model(8, 64).replace("ResNet_CIFAR", "ResNt_CIFAR"));
        assertError(run("train", dir.resolve("bad_type.yaml").toString(), "--work-dir", dir.resolve("w1").toString()),
                2, "'ResNt_CIFAR' is not in the backbones registry (did you mean 'ResNet_CIFAR'?)");
        write("bad_arg.yaml", TinyCls.model(8, 64).replace("depth: 18", "dept: 18"));
        assertError(run("train", dir.resolve("bad_arg.yaml").toString(), "--work-dir", dir.resolve("w2").toString()),
                2, "unexpected argument 'dept' (did you mean 'depth'?)");
        write("no_teacher.yaml", Files.readString(dir.resolve("distill.yaml"))
                .replace(dir.resolve("work_teacher/latest.pth").toString(), dir.resolve("missing.pth").toString()));
        assertError(run("train", dir.resolve("no_teacher.yaml").toString(), "--work-dir", dir.resolve("w3").toString()),
                1, "missing.pth");
        write("mismatch.yaml", Files.readString(dir.resolve("distill.yaml")).replace("student_channels: 64",
                "student_channels: 32"));
        assertError(run("train", dir.resolve("mismatch.yaml").toString(), "--work-dir", dir.resolve("w4").toString()),
                1, "student_channels=32");
        Path corrupt = dir.resolve("corrupt.pth");
        byte[] good = Files.readAllBytes(dir.resolve("student.pth"));
        Files.write(corrupt, java.util.Arrays.copyOf(good, good.length / 2));
        assertError(run("test", dir.resolve("student.yaml").toString(), corrupt.toString(), "--metrics", "accuracy"),
                1, "corrupt.pth");
        assertError(run("train", dir.resolve("student.yaml").toString(), "--bogus"), 2, "Unknown option: '--bogus'");
    }

}
