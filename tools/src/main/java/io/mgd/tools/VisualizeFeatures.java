package io.mgd.tools;

import ai.djl.ndarray.NDManager;
import io.mgd.core.apis.Task;
import io.mgd.core.apis.Tasks;
import io.mgd.core.apis.TestApi;
import io.mgd.core.config.Config;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.data.Dataset;
import io.mgd.core.data.HostArray;
import io.mgd.core.data.SampleLoader;
import io.mgd.core.nn.Module;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.util.MgdException;
import io.mgd.tools.analysis.AttentionCollector;
import io.mgd.tools.analysis.AttentionMaps;
import io.mgd.tools.analysis.Heatmaps;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tools/analysis/visualize_features CONFIG --checkpoint CKPT [--checkpoint CKPT ...] --layer
 * PATH --images N --out DIR [--split test]}: the spatial attention map (mean over channels of
 * |activation|) of one layer, per checkpoint, as heatmaps beside the input image, and the mean
 * cosine similarity of every checkpoint's maps to the first checkpoint's (the teacher's) over the
 * whole split. With a distiller config the first checkpoint is built from its {@code teacher_cfg},
 * the others from its {@code student_cfg}; with a model config all use its {@code model}.
 */
@Command(name = "analysis/visualize_features", mixinStandardHelpOptions = true,
        description = "Attention-map pictures of a layer for several checkpoints, and their cosine similarity to the first.")
public final class VisualizeFeatures implements Callable<Integer> {
    /** Input panels are enlarged to at least this many pixels on their longer side. */
    private static final int MIN_PANEL = 96;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "model or distiller config (data and model)")
    Path config;

    @Option(names = "--checkpoint", required = true, paramLabel = "CKPT",
            description = "checkpoint (plain, or a distiller's: its student); repeat; the first is the reference (teacher)")
    List<Path> checkpoints = new ArrayList<>();

    @Option(names = "--labels", arity = "1..*", description = "one column label per checkpoint (default: file paths)")
    List<String> labels;

    @Option(names = "--layer", required = true, description = "module path whose output is mapped, e.g. backbone.layer4")
    String layer;

    @Option(names = "--images", defaultValue = "8", description = "images to draw, the split's first N (default 8)")
    int images;

    @Option(names = "--split", defaultValue = "test", description = "data split: train, val or test (default test)")
    String split;

    @Option(names = "--out", required = true, description = "output directory")
    Path out;

    @Option(names = {"--cfg-options", "--options"}, arity = "1..*", paramLabel = "KEY=VALUE",
            description = "override settings in the config")
    List<String> cfgOptions = new ArrayList<>();

    @Override
    public Integer call() {
        if (labels != null && labels.size() != checkpoints.size()) {
            throw new ConfigException("--labels gives " + labels.size() + " labels for " + checkpoints.size()
                    + " checkpoints");
        }
        if (images < 0) {
            throw new ConfigException("--images must be >= 0, got " + images);
        }
        List<String> names = labels != null ? labels : checkpoints.stream().map(Path::toString).toList();
        Config cfg = Config.load(config, cfgOptions);
        ConfigDict d = cfg.dict();
        Task task = Tasks.forConfig(d);
        try (NDManager manager = NDManager.newBaseManager()) {
            BuildContext ctx = new BuildContext(Registries.load(), manager);
            Dataset dataset = TestApi.splitDataset(d, task, ctx, split);
            int shown = Math.min(images, dataset.size());
            List<HostArray> inputs = new ArrayList<>();
            for (int i = 0; i < Math.max(1, shown); i++) {
                Object img = dataset.get(i).get("img");
                if (!(img instanceof HostArray h) || h.shape().length != 3) {
                    throw new MgdException(config + ": data." + split + " pipeline must end with an (C, H, W) 'img' tensor"
                            + " (ImageToTensor), got " + (img == null ? "none" : img.getClass().getSimpleName()));
                }
                inputs.add(h);
            }
            int imageH = (int) inputs.get(0).shape()[1];
            int imageW = (int) inputs.get(0).shape()[2];
            List<AttentionCollector> runs = new ArrayList<>();
            for (int k = 0; k < checkpoints.size(); k++) {
                long[] compareSize = k == 0 ? null : runs.get(0).mapSize();
                AttentionCollector c = new AttentionCollector(layer, compareSize, shown, imageH, imageW);
                collect(modelConfig(d, k == 0), checkpoints.get(k), c, d, task, dataset, manager);
                runs.add(c);
                System.err.println("[" + names.get(k) + "] " + layer + " maps: " + c.maps().size());
            }
            writePictures(names, inputs.subList(0, shown), runs, shown);
            writeCosines(names, runs, dataset.size());
        }
        return 0;
    }

    /** The model config of the teacher (first checkpoint) or of the others. */
    private ConfigDict modelConfig(ConfigDict d, boolean reference) {
        if (d.getDict("distiller") == null) {
            return require(d.getDict("model"), config, "model");
        }
        String key = reference ? "teacher_cfg" : "student_cfg";
        Object side = d.get(key);
        if (!(side instanceof String s) || !Files.isRegularFile(Path.of(s))) {
            throw new ConfigException(config + ": distiller config's '" + key + "' must name a model config file "
                    + "relative to the working directory, got " + ConfigDict.describe(side));
        }
        return require(Config.fromFile(Path.of(s)).dict().getDict("model"), Path.of(s), "model");
    }

    private static ConfigDict require(ConfigDict v, Path file, String key) {
        if (v == null) {
            throw new ConfigException(file + " has no '" + key + "' section");
        }
        return v;
    }

    private void collect(ConfigDict modelCfg, Path checkpoint, AttentionCollector collector, ConfigDict d, Task task,
            Dataset dataset, NDManager manager) {
        try (NDManager sub = manager.newSubManager()) {
            BuildContext ctx = new BuildContext(Registries.load(), sub);
            Module model = ctx.build(Registries.MODELS, modelCfg);
            TestApi.loadWeights(model, checkpoint);
            model.eval();
            try (Module.HookHandle h = model.registerForwardHook(layer, collector);
                    SampleLoader loader = TestApi.testLoader(d, task, dataset)) {
                task.predict(model, loader, sub);
            }
            collector.checkCount(dataset.size());
        }
    }

    private void writePictures(List<String> names, List<HostArray> inputs, List<AttentionCollector> runs, int shown) {
        if (shown == 0) {
            return;
        }
        long[] s = inputs.get(0).shape();
        int c = (int) s[0];
        int h = (int) s[1];
        int w = (int) s[2];
        int scale = Math.max(1, (MIN_PANEL + Math.max(h, w) - 1) / Math.max(h, w));
        List<String> columns = new ArrayList<>();
        columns.add("input");
        columns.addAll(names);
        List<List<BufferedImage>> rows = new ArrayList<>();
        List<String> rowLabels = new ArrayList<>();
        for (int i = 0; i < shown; i++) {
            float[] px = AttentionMaps.normalize(floats(inputs.get(i)));
            List<BufferedImage> row = new ArrayList<>();
            row.add(Heatmaps.image(px, c, h, w, scale));
            for (AttentionCollector r : runs) {
                row.add(Heatmaps.heatmap(r.pictures().get(i), h, w, scale));
            }
            String label = split + " #" + i;
            Heatmaps.writePng(Heatmaps.sheet(columns, List.of(label), List.of(row)),
                    out.resolve(String.format("image_%03d.png", i)));
            rows.add(row);
            rowLabels.add(label);
        }
        Path sheet = out.resolve("contact_sheet.png");
        Heatmaps.writePng(Heatmaps.sheet(columns, rowLabels, rows), sheet);
        System.out.println("saved " + shown + " image pictures and the contact sheet " + sheet);
    }

    private static float[] floats(HostArray a) {
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) a.getDouble(i);
        }
        return v;
    }

    private void writeCosines(List<String> names, List<AttentionCollector> runs, int samples) {
        List<float[]> reference = runs.get(0).maps();
        List<Map<String, Object>> rows = new ArrayList<>();
        System.out.printf("mean cosine similarity of %s attention maps to '%s' over %d %s images:%n", layer,
                names.get(0), samples, split);
        for (int k = 0; k < runs.size(); k++) {
            List<float[]> maps = runs.get(k).maps();
            double sum = 0;
            for (int i = 0; i < samples; i++) {
                sum += AttentionMaps.cosine(maps.get(i), reference.get(i));
            }
            double mean = samples == 0 ? Double.NaN : sum / samples;
            System.out.printf("  %-24s %.4f%n", names.get(k), mean);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("label", names.get(k));
            row.put("checkpoint", checkpoints.get(k).toString());
            row.put("feature_shape", runs.get(k).featureShape());
            row.put("mean_cosine", mean);
            rows.add(row);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("config", config.toString());
        json.put("layer", layer);
        json.put("split", split);
        json.put("num_images", samples);
        json.put("reference", names.get(0));
        json.put("map_size", runs.get(0).mapSize());
        json.put("checkpoints", rows);
        Path file = out.resolve("attention_cosine.json");
        TestApi.writeJson(file, json);
        System.out.println("saved " + file);
    }
}
