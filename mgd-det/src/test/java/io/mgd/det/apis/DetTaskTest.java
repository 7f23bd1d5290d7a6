package io.mgd.det.apis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgd.core.apis.Task;
import io.mgd.core.apis.Tasks;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.det.datasets.CocoResults;
import io.mgd.det.datasets.DetCollate;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetTaskTest {
    @Test
    void foundForDetectionConfigsWithItsCollate() {
        Task t = Tasks.forConfig(ConfigDict.of("model", ConfigDict.of("type", "RetinaNet")));
        assertEquals("det", t.name());
        assertEquals("mmdet", t.loggerName());
        assertTrue(t.collate() instanceof DetCollate);
        assertEquals("det", Tasks.forConfig(ConfigDict.of("distiller", ConfigDict.of("type", "DetectionDistiller"),
                "model", ConfigDict.of("type", "RetinaNet"))).name());
    }

    @Test
    void evalOptionsAreCheckedAndParsed() {
        CocoResults.EvalOptions o = DetTask.evalOptions(ConfigDict.of("metric_items", List.of("mAP", "mAP_50"),
                "proposal_nums", List.of(100L, 300L, 1000L)));
        assertEquals(List.of("mAP", "mAP_50"), o.metricItems());
        assertEquals(List.of(100, 300, 1000), o.proposalNums());
        assertNull(o.iouThrs());
        ConfigException e = assertThrows(ConfigException.class, () -> DetTask.evalOptions(ConfigDict.of("topk", 5L)));
        assertTrue(e.getMessage().contains("topk"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> DetTask.evalOptions(ConfigDict.of("classwise", true)));
        assertTrue(e.getMessage().contains("classwise"), e.getMessage());
    }
}
