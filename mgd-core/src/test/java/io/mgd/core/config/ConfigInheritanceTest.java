package io.mgd.core.config;

import static io.mgd.core.config.ConfigTestSupport.assertConfigEquals;
import static io.mgd.core.config.ConfigTestSupport.assertConfigError;
import static io.mgd.core.config.ConfigTestSupport.d;
import static io.mgd.core.config.ConfigTestSupport.fixture;
import static io.mgd.core.config.ConfigTestSupport.l;
import static io.mgd.core.config.ConfigTestSupport.t;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** mmcv's _base_ semantics across formats: merge rules, _delete_, references, predefined vars. */
class ConfigInheritanceTest {

    private static ConfigDict load(String fixture) {
        return Config.fromFile(fixture(fixture)).dict();
    }

    /** mixed/child.py: a YAML, a JSON and a .py base; bases in order, child keys merged in place. */
    private static ConfigDict mixedChildPy() {
        return d(
                "model", d("type", "ImageClassifier",
                        "backbone", d("type", "ResNet", "depth", 18, "out_indices", t(3),
                                "norm_cfg", d("type", "BN", "requires_grad", true)),
                        "head", d("type", "LinearClsHead", "num_classes", 20, "topk", t(1, 5))),
                "alpha_mgd", 7e-5,
                "data", d("samples_per_gpu", 64, "workers_per_gpu", 2,
                        "train", d("type", "FashionMNIST", "data_prefix", "data/fashion",
                                "pipeline", l(d("type", "ToTensor")))),
                "evaluation", d("interval", 1, "metric", "accuracy"),
                "ratio", 0.25,
                "flag", false,
                "nothing", null,
                "optimizer", d("type", "SGD", "lr", 0.05, "momentum", 0.9),
                "lr_config", d("policy", "step", "step", l(3, 6)));
    }

    @Test
    void pyChildOverYamlJsonAndPyBases() {
        assertConfigEquals(mixedChildPy(), load("mixed/child.py"));
    }

    @Test
    void yamlAndJsonChildrenChainAcrossFormats() {
        ConfigDict yaml = mixedChildPy();
        yaml.put("lr_config", d("policy", "step", "step", l(5)));
        yaml.put("work_dir", "./work_dirs/mixed");
        assertConfigEquals(yaml, load("mixed/child.yaml"));

        ConfigDict json = yaml.deepCopy();
        json.getDict("model").getDict("backbone").put("depth", 34);
        json.put("ratio", 1);
        assertConfigEquals(json, load("mixed/child.json"));
    }

    @Test
    void deleteReplacesTheBaseDictAndFalseFlagMerges() {
        assertConfigEquals(d(
                "optimizer", d("type", "AdamW", "lr", 0.001),
                "optimizer_config", d("grad_clip", d("max_norm", 35, "norm_type", 2)),
                "model", d("backbone", d("type", "ResNet", "depth", 50, "norm_cfg", d("type", "GN", "num_groups", 32))),
                "lr_config", d("policy", "step", "step", l(16, 22)),
                "custom", d("_delete_", true, "x", 1)), load("delete/child.py"));
    }

    @Test
    void dictOverNonDictNeedsDelete() {
        assertConfigError(() -> load("delete/bad_type.py"), "bad_type.py: 'lr_config.step' is a dict in the "
                + "child config but list [8, 11] in the base config; set _delete_=True in the child dict");
        assertConfigEquals(d("policy", "step", "step", d("milestones", l(1))),
                load("delete/bad_type_fixed.py").get("lr_config"));
    }

    @Test
    void baseReferencesResolveAnywhereInPy() {
        ConfigDict norm = d("mean", l(123.675, 116.28, 103.53), "std", l(58.395, 57.12, 57.375), "to_rgb", true);
        assertConfigEquals(d(
                "img_norm_cfg", norm,
                "model", d("backbone", d("depth", 18, "out_indices", t(3)),
                        "head", d("num_classes", 1000, "extra", l("base"))),
                "runner", d("type", "EpochBasedRunner", "max_epochs", 100),
                "name", "base",
                "num_classes", 1000,
                "epochs", 100,
                "norm", norm,
                "indices", t(3),
                "alias", 100,
                "nested", d("a", l("base", t("EpochBasedRunner", 1)), "b", d("c", true))), load("baseref/child.py"));
    }

    @Test
    void baseReferencesResolveInYamlAndJson() {
        ConfigDict yaml = load("baseref/child.yaml");
        assertConfigEquals(1000, yaml.get("num_classes"));
        assertConfigEquals(load("baseref/base.py").get("img_norm_cfg"), yaml.get("norm"));
        assertConfigEquals(l(d("type", "Normalize", "mean", l(123.675, 116.28, 103.53)),
                l(d("e", "EpochBasedRunner"))), yaml.get("pipeline"));

        ConfigDict json = load("baseref/child.json");
        assertConfigEquals(100, json.get("epochs"));
        assertConfigEquals(l(t(3), "base"), json.get("list"));
    }

    @Test
    void unresolvableReferencesNameFileAndPath() {
        assertConfigError(() -> load("baseref/missing_key.py"),
                "missing_key.py: {{_base_.model.neck}} cannot be resolved: _base_.model has no key 'neck'");
        assertConfigError(() -> load("baseref/list_index.py"),
                "list_index.py: {{_base_.img_norm_cfg.mean.0}} cannot be resolved: _base_.img_norm_cfg.mean is "
                        + "list [123.675, 116.28, 103.53], not a dict");
        assertConfigError(() -> load("baseref/no_base.py"), "no_base.py: uses {{_base_.model}} but declares no _base_");
        assertConfigEquals(d("x", 1), load("baseref/comment_only.py"));
    }

    @Test
    void kwargsExpandInDictCallsAndDisplays() {
        assertConfigEquals(l(
                d("type", "Normalize", "mean", l(0.5), "std", l(0.5), "to_rgb", false),
                d("type", "RandomFlip", "flip_prob", 0.5, "direction", "horizontal"),
                d("type", "RandomFlip", "flip_prob", 0.0),
                d("mean", l(0.5), "std", l(0.5), "to_rgb", true)), load("kwargs/config.py").get("train_pipeline"));
    }

    @Test
    void predefinedVariablesUseEachFilesOwnName() {
        Path file = fixture("predefined/my_config.py");
        String dir = file.toAbsolutePath().normalize().getParent().toString().replace('\\', '/');
        assertConfigEquals(d(
                "base_name", "base_vars.py",
                "base_stem", "base_vars",
                "work_dir", "./work_dirs/my_config",
                "name", "my_config.py",
                "ext", ".py",
                "where", dir,
                "unknown", "{{ fileFoo }}"), Config.fromFile(file).dict());
        assertConfigEquals(d("work_dir", "./work_dirs/my_config", "ext", ".yaml"), load("predefined/my_config.yaml"));
    }

    @Test
    void duplicateKeysAmongBasesNameTheKeyAndBothFiles() {
        Path a = fixture("duplicate/a.py").toAbsolutePath().normalize();
        Path b = fixture("duplicate/b.yaml").toAbsolutePath().normalize();
        assertConfigError(() -> load("duplicate/child.py"),
                "child.py: duplicate key 'shared' among _base_ files: defined in both " + a + " and " + b);
    }
}
