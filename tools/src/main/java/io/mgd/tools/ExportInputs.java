package io.mgd.tools;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.mgd.core.apis.Task;
import io.mgd.core.apis.TestApi;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.data.Batch;
import io.mgd.core.data.Dataset;
import io.mgd.core.data.SampleLoader;
import io.mgd.core.nn.Tensors;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.util.MgdException;
import java.util.List;

/** What an export needs from the config: input channels, the input size and real test samples. */
final class ExportInputs {
    private ExportInputs() {}

    /** {@code model.backbone.in_channels}, 3 when unset (mmcls's default). */
    static int inChannels(ConfigDict modelCfg) {
        ConfigDict backbone = modelCfg.getDict("backbone");
        Object c = backbone == null ? null : backbone.get("in_channels");
        if (c == null) {
            return 3;
        }
        if (!(c instanceof Long l) || l <= 0) {
            throw new ConfigException("model.backbone.in_channels must be a positive int, got " + ConfigDict.describe(c));
        }
        return l.intValue();
    }

    /**
     * The input (H, W) the test pipeline produces: the last fixed-size {@code CenterCrop} or
     * {@code Resize} of {@code data.test.pipeline}, else the size of the first test sample.
     *
     * @throws ConfigException asking for {@code --shape} when neither gives a size
     */
    static long[] defaultSize(ConfigDict d, Task task, BuildContext ctx) {
        long[] fromPipeline = pipelineSize(d);
        if (fromPipeline != null) {
            return fromPipeline;
        }
        try (NDManager scratch = ctx.manager().newSubManager()) {
            NDArray sample = testSamples(d, task, ctx, scratch, 1);
            return new long[] {sample.getShape().get(2), sample.getShape().get(3)};
        } catch (MgdException e) {
            throw new ConfigException("cannot tell the input size from the test pipeline of the config (" + e.getMessage()
                    + "); pass --shape H W", e);
        }
    }

    /** The size fixed by the last {@code CenterCrop}/{@code Resize} of the test pipeline, or null. */
    static long[] pipelineSize(ConfigDict d) {
        ConfigDict data = d.getDict("data");
        ConfigDict test = data == null ? null : data.getDict("test");
        if (test == null || !(test.get("pipeline") instanceof List<?> steps)) {
            return null;
        }
        long[] size = null;
        for (Object step : steps) {
            if (!(step instanceof ConfigDict t)) {
                continue;
            }
            Object v = "CenterCrop".equals(t.get("type")) ? t.get("crop_size")
                    : "Resize".equals(t.get("type")) ? t.get("size") : null;
            if (v == null) {
                continue;
            }
            long[] hw = pair(v);
            // (s, -1) keeps the aspect ratio: the size depends on the image
            size = hw != null && hw[0] > 0 && hw[1] > 0 ? hw : null;
        }
        return size;
    }

    private static long[] pair(Object v) {
        if (v instanceof Long s) {
            return new long[] {s, s};
        }
        if (v instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Long h && l.get(1) instanceof Long w) {
            return new long[] {h, w};
        }
        return null;
    }

    /**
     * The first {@code n} samples of the config's test set through its pipeline (fewer when the set
     * is smaller), as one (N, C, H, W) batch owned by {@code manager}.
     */
    static NDArray testSamples(ConfigDict d, Task task, BuildContext ctx, NDManager manager, int n) {
        Dataset dataset = TestApi.testDataset(d, task, ctx);
        if (dataset.size() == 0) {
            throw new MgdException("the test set of the config (data.test) is empty");
        }
        try (SampleLoader loader = new SampleLoader(dataset, Math.min(n, dataset.size()), 0, false, false, 0,
                        task.collate());
                NDManager batchManager = manager.newSubManager();
                SampleLoader.Epoch epoch = loader.iterate(0, batchManager);
                Batch b = epoch.next()) {
            NDArray img = singleView(b.get("img"));
            if (img.getShape().dimension() != 4) {
                throw new MgdException("test samples of the config have shape " + img.getShape()
                        + "; the export takes (N, C, H, W) images");
            }
            // A copy libtorch owns, kept beyond the batch (whose arrays borrow Java buffers).
            NDArray copy = Tensors.ownedCopy(img, DataType.FLOAT32);
            copy.attach(manager);
            return copy;
        }
    }

    /** The image batch, or the one view of a single-scale MultiScaleFlipAug test pipeline. */
    private static NDArray singleView(Object img) {
        if (img instanceof NDArray a) {
            return a;
        }
        if (img instanceof List<?> l && l.size() == 1 && l.get(0) instanceof NDArray a) {
            return a;
        }
        throw new MgdException("test samples of the config give 'img' as "
                + (img instanceof List<?> l ? l.size() + " augmented views" : img == null ? "nothing"
                        : img.getClass().getSimpleName()) + "; the export takes one (N, C, H, W) batch "
                + "(use one img_scale and flip=False in MultiScaleFlipAug)");
    }
}
