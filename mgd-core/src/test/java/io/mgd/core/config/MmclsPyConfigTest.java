package io.mgd.core.config;

import static io.mgd.core.config.ConfigTestSupport.assertConfigEquals;
import static io.mgd.core.config.ConfigTestSupport.d;
import static io.mgd.core.config.ConfigTestSupport.fixture;
import static io.mgd.core.config.ConfigTestSupport.l;
import static io.mgd.core.config.ConfigTestSupport.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A real-shaped mmcls tree: four bases, a deprecated alias, and an MGD distiller on top. */
class MmclsPyConfigTest {
    private static final String TEACHER = "https://download.openmmlab.com/mmclassification/v0/resnet/"
            + "resnet34_8xb32_in1k_20210831-f257d4e6.pth";

    /** What mmcv resolves resnet18_8xb32_in1k.py to, key order included (bases in order). */
    static ConfigDict resnet18() {
        ConfigDict norm = d("mean", l(123.675, 116.28, 103.53), "std", l(58.395, 57.12, 57.375), "to_rgb", true);
        List<Object> train = l(
                d("type", "LoadImageFromFile"),
                d("type", "RandomResizedCrop", "size", 224),
                d("type", "RandomFlip", "flip_prob", 0.5, "direction", "horizontal"),
                d("type", "Normalize", "mean", l(123.675, 116.28, 103.53), "std", l(58.395, 57.12, 57.375),
                        "to_rgb", true),
                d("type", "ImageToTensor", "keys", l("img")),
                d("type", "ToTensor", "keys", l("gt_label")),
                d("type", "Collect", "keys", l("img", "gt_label")));
        List<Object> test = l(
                d("type", "LoadImageFromFile"),
                d("type", "Resize", "size", t(256, -1)),
                d("type", "CenterCrop", "crop_size", 224),
                d("type", "Normalize", "mean", l(123.675, 116.28, 103.53), "std", l(58.395, 57.12, 57.375),
                        "to_rgb", true),
                d("type", "ImageToTensor", "keys", l("img")),
                d("type", "Collect", "keys", l("img")));
        return d(
                "model", d("type", "ImageClassifier",
                        "backbone", d("type", "ResNet", "depth", 18, "num_stages", 4, "out_indices", t(3),
                                "style", "pytorch"),
                        "neck", d("type", "GlobalAveragePooling"),
                        "head", d("type", "LinearClsHead", "num_classes", 1000, "in_channels", 512,
                                "loss", d("type", "CrossEntropyLoss", "loss_weight", 1.0), "topk", t(1, 5))),
                "dataset_type", "ImageNet",
                "img_norm_cfg", norm,
                "train_pipeline", train,
                "test_pipeline", test,
                "data", d("samples_per_gpu", 32, "workers_per_gpu", 2,
                        "train", d("type", "ImageNet", "data_prefix", "data/imagenet/train", "pipeline", train),
                        "val", d("type", "ImageNet", "data_prefix", "data/imagenet/val",
                                "ann_file", "data/imagenet/meta/val.txt", "pipeline", test),
                        "test", d("type", "ImageNet", "data_prefix", "data/imagenet/val",
                                "ann_file", "data/imagenet/meta/val.txt", "pipeline", test)),
                "evaluation", d("interval", 1, "metric", "accuracy"),
                "optimizer", d("type", "SGD", "lr", 0.1, "momentum", 0.9, "weight_decay", 0.0001),
                "optimizer_config", d("grad_clip", null),
                "lr_config", d("policy", "step", "step", l(30, 60, 90)),
                "runner", d("type", "EpochBasedRunner", "max_epochs", 100),
                "checkpoint_config", d("interval", 1),
                "log_config", d("interval", 100, "hooks", l(d("type", "TextLoggerHook"))),
                "dist_params", d("backend", "nccl"),
                "log_level", "INFO",
                "load_from", null,
                "resume_from", null,
                "workflow", l(t("train", 1)));
    }

    @Test
    void resolvesTheFourBasesInOrder() {
        Config cfg = Config.fromFile(fixture("mmcls/resnet/resnet18_8xb32_in1k.py"));
        assertConfigEquals(resnet18(), cfg.dict());
    }

    @Test
    void deprecatedAliasResolvesToItsTargetWithoutTheMarkers() {
        Config cfg = Config.fromFile(fixture("mmcls/resnet/resnet18_b32x8_imagenet.py"));
        assertConfigEquals(resnet18(), cfg.dict());
        assertFalse(cfg.dict().containsKey("_deprecation_"));
        assertFalse(cfg.dict().containsKey("_base_"));
    }

    @Test
    void mgdDistillerKeepsHelperVariablesAndDeletesOptimizerConfig() {
        Path file = fixture("mmcls/distillers/mgd/res34_distill_res18_img.py");
        Config cfg = Config.fromFile(file);
        ConfigDict expected = resnet18();
        expected.put("optimizer_config", d("grad_clip", d("max_norm", 5, "norm_type", 2)));
        expected.put("find_unused_parameters", true);
        expected.put("alpha_mgd", 0.00007);
        expected.put("lambda_mgd", 0.15);
        expected.put("distiller", d("type", "ClassificationDistiller",
                "teacher_pretrained", TEACHER,
                "distill_cfg", l(d("methods", l(d("type", "MGDLoss", "name", "loss_mgd",
                        "student_channels", 512, "teacher_channels", 512,
                        "alpha_mgd", 0.00007, "lambda_mgd", 0.15))))));
        expected.put("student_cfg", "configs/resnet/resnet18_b32x8_imagenet.py");
        expected.put("teacher_cfg", "configs/resnet/resnet34_b32x8_imagenet.py");
        assertConfigEquals(expected, cfg.dict());
        assertEquals(file, cfg.filename());
    }

    @Test
    void textConcatenatesEveryFileBasesFirst() throws IOException {
        Config cfg = Config.fromFile(fixture("mmcls/distillers/mgd/res34_distill_res18_img.py"));
        List<String> parts = new ArrayList<>();
        for (String f : List.of("_base_/models/resnet18.py", "_base_/datasets/imagenet_bs32.py",
                "_base_/schedules/imagenet_bs256.py", "_base_/default_runtime.py",
                "resnet/resnet18_8xb32_in1k.py", "resnet/resnet18_b32x8_imagenet.py",
                "distillers/mgd/res34_distill_res18_img.py")) {
            Path p = fixture("mmcls/" + f).toAbsolutePath().normalize();
            parts.add(p + "\n" + Files.readString(p));
        }
        assertEquals(String.join("\n", parts), cfg.text());
    }

    @Test
    void cfgOptionsOverrideListElementsAndNestedKeys() {
        Config cfg = Config.load(fixture("mmcls/resnet/resnet18_8xb32_in1k.py"), List.of(
                "data.train.pipeline.1.type=RandomCrop", "model.backbone.out_indices=(2,3)",
                "optimizer.lr=0.01", "lr_config.step=[10,20]", "data.samples_per_gpu=8",
                "work_dir=work_dirs/r18"));
        ConfigDict expected = resnet18();
        ConfigDict trainData = expected.getDict("data").getDict("train");
        @SuppressWarnings("unchecked")
        List<Object> pipeline = new ArrayList<>((List<Object>) trainData.get("pipeline"));
        pipeline.set(1, d("type", "RandomCrop", "size", 224));
        trainData.put("pipeline", pipeline);
        expected.getDict("data").put("samples_per_gpu", 8);
        expected.getDict("model").getDict("backbone").put("out_indices", t(2, 3));
        expected.getDict("optimizer").put("lr", 0.01);
        expected.getDict("lr_config").put("step", l(10, 20));
        expected.put("work_dir", "work_dirs/r18");
        assertConfigEquals(expected, cfg.dict());
        // The override copies the list: the other pipelines and the top-level variable stay.
        assertEquals("RandomResizedCrop", cfg.get("train_pipeline.1.type"));
    }
}
