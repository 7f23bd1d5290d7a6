package io.mgd.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeLogsTest {
    @TempDir
    Path dir;

    private Path log() throws Exception {
        Path log = dir.resolve("20261127_120000.log.json");
        Files.writeString(log, String.join("\n",
                "{\"env_info\": \"x\", \"seed\": 0}",
                "{\"mode\": \"train\", \"epoch\": 1, \"iter\": 10, \"lr\": 0.1, \"data_time\": 0.01, \"ori_loss\": 2.3, \"loss_mgd\": 1.5, \"loss\": 3.8, \"time\": 0.2}",
                "{\"mode\": \"train\", \"epoch\": 1, \"iter\": 20, \"lr\": 0.1, \"data_time\": 0.01, \"ori_loss\": 2.0, \"loss_mgd\": 1.2, \"loss\": 3.2, \"time\": 0.4}",
                "{\"mode\": \"val\", \"epoch\": 1, \"iter\": 5, \"lr\": 0.1, \"accuracy_top-1\": 50.0}",
                "{\"mode\": \"train\", \"epoch\": 2, \"iter\": 10, \"lr\": 0.1, \"data_time\": 0.01, \"ori_loss\": 1.8, \"loss_mgd\": 1.0, \"loss\": 2.8, \"time\": 0.3}",
                ""));
        return log;
    }

    @Test
    void plotCurveWritesPng() throws Exception {
        Path png = dir.resolve("plots/curve.png");
        int rc = Main.run("analyze_logs", "plot_curve", log().toString(), "--keys", "loss", "loss_mgd",
                "--out", png.toString());
        assertEquals(0, rc);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(960, img.getWidth());
        assertEquals(540, img.getHeight());
    }

    @Test
    void globalIterationContinuesAcrossEpochs() throws Exception {
        AnalyzeLogs.LogSeries s = AnalyzeLogs.LogSeries.read(log(), "train");
        var pts = s.points("loss");
        assertEquals(3, pts.size());
        assertEquals(10.0, pts.get(0)[0]);
        assertEquals(20.0, pts.get(1)[0]);
        assertEquals(30.0, pts.get(2)[0]); // epoch 2 iter 10 follows the 20 iters of epoch 1
        assertEquals(2.8, pts.get(2)[1]);
    }

    @Test
    void unknownKeyIsAUsageError() throws Exception {
        int rc = Main.run("analyze_logs", "plot_curve", log().toString(), "--keys", "loss_kd",
                "--out", dir.resolve("x.png").toString());
        assertEquals(2, rc);
        assertTrue(Files.notExists(dir.resolve("x.png")));
    }
}
