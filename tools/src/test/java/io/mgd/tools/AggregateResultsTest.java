package io.mgd.tools;

import static io.mgd.tools.ToolRun.assertError;
import static io.mgd.tools.ToolRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tools/analysis/aggregate_results} on {@code tools/test --out}-shaped JSON files. */
class AggregateResultsTest {
    @TempDir
    Path dir;

    @Test
    void aggregateResultsGivesMeanAndSampleStd() throws Exception {
        Path root = dir;
        double[] acc = {50.0, 52.0, 54.0};
        for (int s = 0; s < 3; s++) {
            Files.createDirectories(root.resolve("mgd/seed" + s));
            Files.writeString(root.resolve("mgd/seed" + s + "/test.json"), "{\"accuracy_top-1\": " + acc[s] + "}");
        }
        Files.createDirectories(root.resolve("sweep/channel/lambda_0.50"));
        Files.writeString(root.resolve("sweep/channel/lambda_0.50/test.json"), "{\"accuracy_top-1\": 61.5}");
        Files.writeString(root.resolve("cos.json"), """
                {"layer": "backbone.layer4", "split": "test", "num_images": 20, "reference": "teacher", "checkpoints": [
                 {"label": "teacher", "mean_cosine": 1.0}, {"label": "mgd/seed0", "mean_cosine": 0.5},
                 {"label": "mgd/seed1", "mean_cosine": 0.7}]}
                """);
        Path md = root.resolve("summary.md");
        Object[] r = run("analysis/aggregate_results", root.toString(), "--exclude", "sweep", "--out", md.toString(),
                "--sweep", root.resolve("sweep").toString(), "--plot", root.resolve("sweep.png").toString(),
                "--cosine", root.resolve("cos.json").toString());
        assertEquals(0, r[0], (String) r[1]);
        String text = Files.readString(md);
        assertTrue(text.contains("| mgd | 3 | 52.00 ± 2.00 | 0: 50.00, 1: 52.00, 2: 54.00 |"), text);
        assertTrue(text.contains("| channel | 0.50: 61.50 |"), text);
        assertTrue(text.contains("| teacher | 1 | 1.0000 ± 0.0000 |"), text);
        assertTrue(text.contains("| mgd | 2 | 0.6000 ± 0.1414 |"), text);
        assertTrue(Files.size(root.resolve("sweep.png")) > 1000);
        assertError(run("analysis/aggregate_results", root.resolve("none").toString()), 2, "is not a directory");
    }
}
