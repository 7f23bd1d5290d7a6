package io.mgd.det.datasets;

import io.mgd.core.data.Compose;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.registry.RegistryKey;
import io.mgd.core.registry.RegistryModule;
import io.mgd.det.datasets.pipelines.DefaultFormatBundle;
import io.mgd.det.datasets.pipelines.LoadAnnotations;
import io.mgd.det.datasets.pipelines.MultiScaleFlipAug;
import io.mgd.det.datasets.pipelines.Pad;
import io.mgd.det.datasets.pipelines.RandomFlip;
import io.mgd.det.datasets.pipelines.Resize;
import java.util.List;

/**
 * Registers the mmdet datasets in {@link #DATASETS} and the mmdet pipeline steps whose
 * arguments differ from the other codebases' in {@link #PIPELINES}. Detection pipelines look
 * there first and then in the shared {@link Registries#TRANSFORMS} (LoadImageFromFile,
 * Normalize, ImageToTensor, ToTensor, Collect, which mean the same in mmdet).
 */
public final class DetDataModule extends RegistryModule {
    /** mmdet datasets. */
    public static final RegistryKey<Object> DATASETS = new RegistryKey<>("det_datasets", Object.class);
    /** mmdet pipeline steps. */
    public static final RegistryKey<Object> PIPELINES = new RegistryKey<>("det_pipelines", Object.class);

    /** Builds a detection pipeline: the mmdet steps first, then the shared ones. */
    public static Compose buildPipeline(List<?> cfgs, BuildContext ctx) {
        return Compose.build(cfgs, ctx, PIPELINES, Registries.TRANSFORMS);
    }

    @Override
    protected void registerComponents() {
        register(DATASETS, "CocoDataset", CocoDataset.Options.class, CocoDataset::new);

        register(PIPELINES, "LoadAnnotations", LoadAnnotations.Options.class, (o, ctx) -> new LoadAnnotations(o));
        register(PIPELINES, "Resize", Resize.Options.class, (o, ctx) -> new Resize(o));
        register(PIPELINES, "RandomFlip", RandomFlip.Options.class, (o, ctx) -> new RandomFlip(o));
        register(PIPELINES, "Pad", Pad.Options.class, (o, ctx) -> new Pad(o));
        register(PIPELINES, "DefaultFormatBundle", DefaultFormatBundle.Options.class,
                (o, ctx) -> new DefaultFormatBundle(o));
        register(PIPELINES, "MultiScaleFlipAug", MultiScaleFlipAug.Options.class, MultiScaleFlipAug::new);
    }
}
