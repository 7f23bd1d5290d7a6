package io.mgd.tools;

import static io.mgd.tools.ToolRun.assertError;
import static io.mgd.tools.ToolRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tools/analysis/visualize_features} on a tiny MNIST-format dataset with checkpoints trained
 * by {@code tools/train} (one epoch).
 */
class VisualizeFeaturesTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void trainTinyModels() throws Exception {
        Path data = TinyCls.writeData(dir, 32, 12, 0);
        TinyCls.write(dir, "base.yaml", TinyCls.baseConfig(data, 5, 0, 1));
        TinyCls.write(dir, "teacher.yaml", TinyCls.model(8, 64));
        TinyCls.write(dir, "student.yaml", TinyCls.model(4, 32));
        TinyCls.write(dir, "distill.yaml", TinyCls.mgdDistiller(dir, null, 32, 64));
        train("teacher.yaml", "teacher", "0");
        train("student.yaml", "student_a", "0");
        train("student.yaml", "student_b", "1");
    }

    private static void train(String config, String workDir, String seed) {
        Object[] t = run("train", dir.resolve(config).toString(), "--work-dir", dir.resolve(workDir).toString(),
                "--seed", seed, "--no-validate");
        assertEquals(0, t[0], (String) t[1]);
    }

    private static String ckpt(String workDir) {
        return dir.resolve(workDir).resolve("latest.pth").toString();
    }

    @Test
    void aCheckpointComparedWithItselfHasCosineOne() throws Exception {
        Path out = dir.resolve("vis_self");
        Object[] r = run("analysis/visualize_features", dir.resolve("student.yaml").toString(),
                "--checkpoint", ckpt("student_a"), "--checkpoint", ckpt("student_a"), "--checkpoint", ckpt("student_b"),
                "--labels", "a", "a again", "b", "--layer", "backbone.layer4", "--images", "2", "--out", out.toString());
        assertEquals(0, r[0], (String) r[1]);
        JsonNode j = new ObjectMapper().readTree(out.resolve("attention_cosine.json").toFile());
        assertEquals(12, j.get("num_images").asInt());
        assertEquals("backbone.layer4", j.get("layer").asText());
        JsonNode rows = j.get("checkpoints");
        assertEquals(3, rows.size());
        assertEquals(1.0, rows.get(0).get("mean_cosine").asDouble(), 1e-6);
        assertEquals(1.0, rows.get(1).get("mean_cosine").asDouble(), 1e-6);
        double other = rows.get(2).get("mean_cosine").asDouble();
        assertTrue(other > 0 && other < 0.99999, "a differently seeded model differs: " + other);
        assertEquals("[32,2,2]", rows.get(2).get("feature_shape").toString());
        assertTrue(((String) r[1]).contains("a again"), (String) r[1]);
    }

    @Test
    void distillerConfigBuildsTheTeacherFromTeacherCfgAndDrawsTheSheet() throws Exception {
        Path out = dir.resolve("vis_distill");
        Object[] r = run("analysis/visualize_features", dir.resolve("distill.yaml").toString(),
                "--checkpoint", ckpt("teacher"), "--checkpoint", ckpt("student_a"),
                "--layer", "backbone.layer3", "--images", "3", "--split", "test", "--out", out.toString());
        assertEquals(0, r[0], (String) r[1]);
        JsonNode rows = new ObjectMapper().readTree(out.resolve("attention_cosine.json").toFile()).get("checkpoints");
        assertEquals("[32,3,3]", rows.get(0).get("feature_shape").toString());
        assertEquals("[16,3,3]", rows.get(1).get("feature_shape").toString());
        double c = rows.get(1).get("mean_cosine").asDouble();
        assertTrue(c > 0 && c < 1, "student vs teacher: " + c);
        for (int i = 0; i < 3; i++) {
            BufferedImage img = ImageIO.read(out.resolve(String.format("image_%03d.png", i)).toFile());
            // three 96-pixel panels (12-pixel images enlarged 8x) in one row
            assertTrue(img.getWidth() >= 3 * 96 && img.getHeight() >= 96 && img.getHeight() < 2 * 96, img.toString());
        }
        assertTrue(Files.notExists(out.resolve("image_003.png")));
        BufferedImage sheet = ImageIO.read(out.resolve("contact_sheet.png").toFile());
        assertTrue(sheet.getWidth() >= 3 * 96 && sheet.getHeight() >= 3 * 96, sheet.toString());
    }

    @Test
    void userErrors() {
        assertError(run("analysis/visualize_features", dir.resolve("student.yaml").toString(), "--checkpoint",
                ckpt("student_a"), "--layer", "backbone.layer9", "--out", dir.resolve("e1").toString()), 1,
                "module path 'backbone.layer9' not found");
        assertError(run("analysis/visualize_features", dir.resolve("student.yaml").toString(), "--checkpoint",
                ckpt("student_a"), "--labels", "x", "y", "--layer", "backbone", "--out", dir.resolve("e2").toString()), 2,
                "--labels gives 2 labels for 1 checkpoints");
        assertError(run("analysis/visualize_features", dir.resolve("student.yaml").toString(), "--checkpoint",
                ckpt("student_a"), "--layer", "head.fc", "--out", dir.resolve("e3").toString()), 1,
                "needs an (N, C, H, W) feature map");
    }
}
