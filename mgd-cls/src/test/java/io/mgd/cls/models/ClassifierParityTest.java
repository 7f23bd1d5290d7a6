package io.mgd.cls.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mgd.cls.core.evaluation.Accuracy;
import io.mgd.cls.models.classifiers.ImageClassifier;
import io.mgd.cls.models.losses.ClsLoss;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.nn.Module;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.testing.Fixtures;
import io.mgd.core.testing.HashWeights;
import io.mgd.core.util.MgdException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ImageClassifier, heads, losses and accuracy against PyTorch ({@code make_backbone_fixtures.py}). */
class ClassifierParityTest {
    private static NDManager manager;
    private static Map<String, NDArray> golden;
    private static BuildContext ctx;

    @BeforeAll
    static void load() {
        manager = NDManager.newBaseManager();
        golden = Fixtures.loadAll(manager, ClassifierParityTest.class, "cls");
        ctx = new BuildContext(Registries.load(), manager);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static ImageClassifier classifier(boolean calAcc) {
        ConfigDict cfg = ConfigDict.of("type", "ImageClassifier",
                "backbone", ConfigDict.of("type", "ResNet_CIFAR", "depth", 18),
                "neck", ConfigDict.of("type", "GlobalAveragePooling"),
                "head", ConfigDict.of("type", "LinearClsHead", "num_classes", 10, "in_channels", 512,
                        "topk", List.of(1, 5), "cal_acc", calAcc));
        return (ImageClassifier) ctx.build(Registries.MODELS, cfg);
    }

    private static NDArray input() {
        double[] u = HashWeights.uniform(2 * 3 * 32 * 32, 7);
        float[] v = new float[u.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (2 * u[i] - 1);
        }
        return manager.create(v, new Shape(2, 3, 32, 32));
    }

    @Test
    void forwardTrainLossAndTestScoresMatchTorch() {
        ImageClassifier model = classifier(false);
        Map<String, NDArray> sd = model.stateDict();
        assertEquals(List.of("head.fc.weight", "head.fc.bias"),
                sd.keySet().stream().filter(k -> !k.startsWith("backbone.")).toList());
        Map<String, NDArray> weights = new LinkedHashMap<>();
        HashWeights.stateDict(manager, model.backbone().stateDict(), 1000).forEach((k, v) -> weights.put("backbone." + k, v));
        weights.put("head.fc.weight", HashWeights.fill(manager, "head.fc.weight", new Shape(10, 512), 5000));
        weights.put("head.fc.bias", HashWeights.fill(manager, "head.fc.bias", new Shape(10), 5001));
        assertTrue(model.loadStateDict(weights, true).isClean());
        model.train(true);
        LinkedHashMap<String, NDArray> losses = model.forwardTrain(input(), golden.get("labels"));
        assertEquals(List.of("loss"), List.copyOf(losses.keySet()));
        Fixtures.assertAllClose(golden.get("train.loss"), losses.get("loss"), 1e-4, "CE loss");
        model.eval();
        Fixtures.assertAllClose(golden.get("eval.scores"), model.simpleTest(input()), 1e-5, "softmax scores");
        NDList feats = model.extractFeat(input(), "backbone");
        assertEquals(new Shape(2, 512, 4, 4), feats.get(0).getShape());
        assertEquals(new Shape(2, 512), model.extractFeat(input(), "neck").get(0).getShape());
        assertEquals(new Shape(2, 512), model.extractFeat(input(), "pre_logits").get(0).getShape());
        assertTrue(assertThrows(MgdException.class, () -> model.extractFeat(input(), "head")).getMessage()
                .contains("Invalid output stage \"head\""));
    }

    @Test
    void calAccAddsAccuracyBeforeLoss() {
        ImageClassifier model = classifier(true);
        LinkedHashMap<String, NDArray> losses = model.forwardTrain(input(), golden.get("labels"));
        assertEquals(List.of("accuracy.top-1", "accuracy.top-5", "loss"), List.copyOf(losses.keySet()));
        float top5 = losses.get("accuracy.top-5").getFloat(0);
        assertTrue(top5 == 0f || top5 == 50f || top5 == 100f, "percent of 2 samples: " + top5);
    }

    private static ClsLoss loss(Object... cfg) {
        return (ClsLoss) ctx.build(Registries.LOSSES, ConfigDict.of(cfg));
    }

    @Test
    void lossesMatchMmclsFormulas() {
        NDArray z = golden.get("case.logits");
        NDArray y = golden.get("case.labels");
        Fixtures.assertAllClose(golden.get("case.ce"), loss("type", "CrossEntropyLoss").loss(z, y, null, 4.0, null), 1e-5);
        Fixtures.assertAllClose(golden.get("case.ce_class_weight"), loss("type", "CrossEntropyLoss", "class_weight",
                List.of(1.0, 2.0, 0.5, 1.5, 3.0)).loss(z, y, null, 4.0, null), 1e-5, "class_weight");
        Fixtures.assertAllClose(golden.get("case.ce_sum_w2"), loss("type", "CrossEntropyLoss", "reduction", "sum",
                "loss_weight", 2.0).loss(z, y, null, null, null), 1e-4, "sum x2");
        Fixtures.assertAllClose(golden.get("case.ls_original"), loss("type", "LabelSmoothLoss", "label_smooth_val", 0.1,
                "mode", "original").loss(z, y, null, 4.0, null), 1e-5, "label smooth original");
        Fixtures.assertAllClose(golden.get("case.ls_classy_vision"), loss("type", "LabelSmoothLoss",
                "label_smooth_val", 0.1).loss(z, y, null, 4.0, null), 1e-5, "label smooth default (classy_vision)");
        Fixtures.assertAllClose(golden.get("case.ls_multi_label"), loss("type", "LabelSmoothLoss",
                "label_smooth_val", 0.1, "mode", "multi_label", "num_classes", 5).loss(z, y, null, 4.0, null), 1e-5,
                "label smooth multi_label");
        List<NDArray> acc = Accuracy.accuracy(z, y, new int[] {1, 2});
        Fixtures.assertAllClose(golden.get("case.acc_top1"), acc.get(0), 1e-5, "top-1");
        Fixtures.assertAllClose(golden.get("case.acc_top2"), acc.get(1), 1e-5, "top-2");
    }

    @Test
    void configErrorsAndInit() {
        assertTrue(assertThrows(ConfigException.class, () -> loss("type", "CrossEntropyLoss", "use_sigmoid", true,
                "use_soft", true)).getMessage().contains("could not be set simultaneously"));
        assertTrue(assertThrows(ConfigException.class, () -> loss("type", "LabelSmoothLoss", "label_smooth_val", 1.0))
                .getMessage().contains("[0, 1)"));
        assertTrue(assertThrows(ConfigException.class, () -> ctx.build(Registries.NECKS,
                ConfigDict.of("type", "GlobalAveragePooling", "dim", 3))).getMessage().contains("only 2"));
        Module head = ctx.build(Registries.HEADS, ConfigDict.of("type", "LinearClsHead", "num_classes", 1000,
                "in_channels", 512));
        NDArray w = head.namedParameters().get("fc.weight").data();
        assertEquals(0.01, Math.sqrt(w.pow(2).mean().getFloat()), 0.0005);
        assertEquals(0f, head.namedParameters().get("fc.bias").data().abs().sum().getFloat());
        assertTrue(assertThrows(ConfigException.class, () -> ctx.build(Registries.HEADS, ConfigDict.of("type",
                "LinearClsHead", "num_classes", 0, "in_channels", 512))).getMessage().contains("num_classes=0"));
    }
}
