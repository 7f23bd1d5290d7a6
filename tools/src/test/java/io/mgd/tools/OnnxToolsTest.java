package io.mgd.tools;

import static io.mgd.tools.ToolRun.run;
import static io.mgd.tools.ToolRun.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ONNX half of the classification tools on a tiny synthetic MNIST-format dataset: train a
 * classifier, export it with {@code deployment/pytorch2onnx --verify}, test the {@code .onnx} on
 * ONNX Runtime against the {@code .pth}, distil with the teacher on ONNX Runtime, and benchmark
 * both teacher backends.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OnnxToolsTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void makeData() throws Exception {
        Path data = TinyCls.writeData(dir, 32, 20, 1);
        TinyCls.write(dir, "base.yaml", TinyCls.baseConfig(data, 8, 0, 1));
        TinyCls.write(dir, "teacher.yaml", TinyCls.model(16, 128));
        TinyCls.write(dir, "student.yaml", TinyCls.model(8, 64));
        TinyCls.write(dir, "distill.yaml", TinyCls.mgdDistiller(dir, dir.resolve("work_teacher/latest.pth"), 64, 128));
        TinyCls.write(dir, "distill_ort.yaml", """
                _base_: distill.yaml
                distiller: {teacher_backend: onnxruntime, teacher_onnx: %s}
                """.formatted(dir.resolve("teacher_features.onnx")));
    }

    private static String p(String name) {
        return dir.resolve(name).toString();
    }


    private static String ok(Object[] r) {
        assertEquals(0, r[0], (String) r[1]);
        return (String) r[1];
    }

    /** The max abs differences printed by --verify, checked to be within the tolerance. */
    private static int verifiedOutputs(String out) {
        Matcher m = Pattern.compile("verify (random input|test samples) .*? max abs diff (\\S+)").matcher(out);
        int n = 0;
        while (m.find()) {
            double diff = Double.parseDouble(m.group(2));
            assertTrue(diff <= 1e-4, m.group());
            n++;
        }
        return n;
    }

    private static JsonNode firstTrainLog(Path workDir) throws Exception {
        Path log;
        try (var s = Files.list(workDir)) {
            log = s.filter(f -> f.toString().endsWith(".log.json")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        for (String line : Files.readAllLines(log)) {
            JsonNode n = new ObjectMapper().readTree(line);
            if ("train".equals(n.path("mode").asText())) {
                return n;
            }
        }
        throw new AssertionError("no train entry in " + log);
    }

    @Test
    @Order(1)
    void exportVerifiesOnRandomInputAndTestSamples() {
        ok(run("train", p("teacher.yaml"), "--work-dir", p("work_teacher"), "--seed", "0", "--no-validate"));
        // No --shape: the test pipeline has no resize, so the first test sample's 12x12 is used.
        String out = ok(run("deployment/pytorch2onnx", p("teacher.yaml"), p("work_teacher/latest.pth"),
                "--output-file", p("teacher.onnx"), "--fold-bn", "--verify"));
        assertTrue(out.contains("input input [1, 1, 12, 12]"), out);
        assertTrue(out.contains("verify test samples [1, 1, 12, 12]: output"), out);
        assertEquals(2, verifiedOutputs(out), out);
        assertTrue(Files.isRegularFile(dir.resolve("teacher.onnx")));

        // The teacher for teacher_backend=onnxruntime: dynamic batch, its distill location as an output.
        out = ok(run("deployment/pytorch2onnx", p("teacher.yaml"), p("work_teacher/latest.pth"), "--output-file",
                p("teacher_features.onnx"), "--shape", "12", "--dynamic-export", "--opset", "13", "--outputs",
                "backbone", "--verify"));
        assertTrue(out.contains("outputs [output, backbone]"), out);
        assertTrue(out.contains("verify test samples [4, 1, 12, 12]: backbone"), out);
        assertEquals(4, verifiedOutputs(out), out);
    }

    @Test
    @Order(2)
    void testOnTheOnnxFileMatchesTheCheckpoint() throws Exception {
        ok(run("test", p("teacher.yaml"), p("work_teacher/latest.pth"), "--out", p("pth.json")));
        ok(run("test", p("teacher.yaml"), p("teacher.onnx"), "--out", p("onnx.json")));
        // --backend overrides the suffix
        Files.copy(dir.resolve("teacher.onnx"), dir.resolve("teacher.model"));
        ok(run("test", p("teacher.yaml"), p("teacher.model"), "--backend", "onnxruntime", "--out", p("onnx2.json")));
        JsonNode pth = new ObjectMapper().readTree(dir.resolve("pth.json").toFile());
        JsonNode onnx = new ObjectMapper().readTree(dir.resolve("onnx.json").toFile());
        JsonNode onnx2 = new ObjectMapper().readTree(dir.resolve("onnx2.json").toFile());
        assertEquals(pth.get("accuracy_top-1").asDouble(), onnx.get("accuracy_top-1").asDouble(), 0.05);
        assertEquals(pth.get("accuracy_top-5").asDouble(), onnx.get("accuracy_top-5").asDouble(), 0.05);
        assertEquals(20, pth.get("pred_label").size());
        assertEquals(pth.get("pred_label"), onnx.get("pred_label"));
        assertEquals(onnx.get("pred_label"), onnx2.get("pred_label"));
        for (int i = 0; i < 20; i++) {
            assertEquals(pth.get("pred_score").get(i).asDouble(), onnx.get("pred_score").get(i).asDouble(), 1e-4);
        }
    }

    @Test
    @Order(3)
    void distillationWithTheOnnxRuntimeTeacherStartsWithTheDjlTeachersLoss() throws Exception {
        ok(run("train", p("distill.yaml"), "--work-dir", p("work_djl"), "--seed", "0", "--deterministic",
                "--no-validate"));
        ok(run("train", p("distill_ort.yaml"), "--work-dir", p("work_ort"), "--seed", "0", "--deterministic",
                "--no-validate"));
        JsonNode djl = firstTrainLog(dir.resolve("work_djl"));
        JsonNode ort = firstTrainLog(dir.resolve("work_ort"));
        double a = djl.get("loss_mgd").asDouble();
        assertTrue(a > 0, djl.toString());
        assertEquals(a, ort.get("loss_mgd").asDouble(), 1e-4 * a, "first loss_mgd, DJL vs ONNX Runtime teacher");
        assertEquals(djl.get("ori_loss").asDouble(), ort.get("ori_loss").asDouble(), 1e-6);
        assertTrue(Files.isRegularFile(dir.resolve("work_ort/latest.pth")));

        // A distiller config and checkpoint export the student.
        String out = ok(run("deployment/pytorch2onnx", p("distill_ort.yaml"), p("work_ort/latest.pth"),
                "--output-file", p("student.onnx"), "--dynamic-export", "--verify"));
        assertEquals(2, verifiedOutputs(out), out);
        ok(run("test", p("distill.yaml"), p("work_ort/latest.pth"), "--out", p("student_pth.json")));
        ok(run("test", p("distill.yaml"), p("student.onnx"), "--out", p("student_onnx.json")));
        JsonNode pth = new ObjectMapper().readTree(dir.resolve("student_pth.json").toFile());
        JsonNode onnx = new ObjectMapper().readTree(dir.resolve("student_onnx.json").toFile());
        assertEquals(pth.get("pred_label"), onnx.get("pred_label"));
        assertEquals(pth.get("accuracy_top-1").asDouble(), onnx.get("accuracy_top-1").asDouble(), 0.05);
    }

    @Test
    @Order(4)
    void benchmarkRunsBothTeacherBackends() {
        String out = ok(run("benchmark", p("distill.yaml"), "--batch", "2", "--size", "12", "--iters", "1",
                "--warmup", "0", "--teacher-backend", "djl", "onnxruntime"));
        Matcher m = Pattern.compile("\\(teacher on (djl|onnxruntime)\\) batch 2 size 12 channels_last: ([0-9.]+) img/s .*peak RSS "
                + "([0-9]+) MiB").matcher(out);
        List<String> seen = new java.util.ArrayList<>();
        while (m.find()) {
            seen.add(m.group(1));
            assertTrue(Double.parseDouble(m.group(2)) > 0, m.group());
            assertTrue(Long.parseLong(m.group(3)) > 0, m.group());
        }
        assertEquals(List.of("djl", "onnxruntime"), seen, out);
    }

    @Test
    @Order(5)
    void userErrorsAreOneLine() {
        assertError(run("benchmark", p("teacher.yaml"), "--batch", "2", "--size", "12", "--iters", "1",
                "--teacher-backend", "onnxruntime"), 2, "--teacher-backend needs a distiller config");
        assertError(run("benchmark", p("distill.yaml"), "--batch", "2", "--size", "12", "--iters", "1",
                "--teacher-backend", "tensorrt"), 2, "--teacher-backend 'tensorrt' is not supported");
        assertError(run("deployment/pytorch2onnx", p("teacher.yaml"), p("work_teacher/latest.pth"), "--output-file",
                p("x.onnx"), "--shape", "16", "16", "--verify"), 1, "pass --shape 12 12 or --dynamic-export");
        assertError(run("deployment/pytorch2onnx", p("teacher.yaml"), p("work_teacher/latest.pth"), "--output-file",
                p("y.onnx"), "--outputs", "backbone.nope"), 1, "--outputs backbone.nope");
        assertError(run("deployment/pytorch2onnx", p("teacher.yaml"), p("missing.pth")), 1, "missing.pth");
        assertError(run("test", p("teacher.yaml"), p("missing.onnx")), 1, "missing.onnx' does not exist");
    }

}
