package io.mgd.seg.datasets;

import io.mgd.core.data.transforms.LoadImageFromFile.Options;
import io.mgd.core.registry.RegistryKey;
import io.mgd.core.registry.RegistryModule;
import io.mgd.seg.datasets.pipelines.DefaultFormatBundle;
import io.mgd.seg.datasets.pipelines.LoadAnnotations;
import io.mgd.seg.datasets.pipelines.LoadImageFromFile;
import io.mgd.seg.datasets.pipelines.MultiScaleFlipAug;
import io.mgd.seg.datasets.pipelines.Pad;
import io.mgd.seg.datasets.pipelines.PhotoMetricDistortion;
import io.mgd.seg.datasets.pipelines.RandomCrop;
import io.mgd.seg.datasets.pipelines.RandomFlip;
import io.mgd.seg.datasets.pipelines.Resize;

/**
 * Registers mmseg's datasets in {@link #DATASETS} and its pipeline steps in {@link #PIPELINES}.
 * Both are mmseg's own registries: {@code CustomDataset}, {@code Resize}, {@code RandomFlip} and
 * {@code Pad} mean something else in mmcls and mmdet. Segmentation pipelines look up
 * {@link #PIPELINES} first, then the shared {@code Registries.TRANSFORMS} (Normalize,
 * ImageToTensor, ToTensor, Collect).
 */
public final class SegDataModule extends RegistryModule {
    /** mmseg datasets. */
    public static final RegistryKey<Object> DATASETS = new RegistryKey<>("seg_datasets", Object.class);
    /** mmseg pipeline steps. */
    public static final RegistryKey<Object> PIPELINES = new RegistryKey<>("seg_pipelines", Object.class);

    @Override
    protected void registerComponents() {
        register(DATASETS, "CustomDataset", CustomDataset.Options.class, CustomDataset::new);
        register(DATASETS, "CityscapesDataset", CityscapesDataset.Options.class, CityscapesDataset::new);

        register(PIPELINES, "LoadImageFromFile", Options.class, (o, ctx) -> new LoadImageFromFile(o));
        register(PIPELINES, "LoadAnnotations", LoadAnnotations.Options.class, (o, ctx) -> new LoadAnnotations(o));
        register(PIPELINES, "Resize", Resize.Options.class, (o, ctx) -> new Resize(o));
        register(PIPELINES, "RandomCrop", RandomCrop.Options.class, (o, ctx) -> new RandomCrop(o));
        register(PIPELINES, "RandomFlip", RandomFlip.Options.class, (o, ctx) -> new RandomFlip(o));
        register(PIPELINES, "PhotoMetricDistortion", PhotoMetricDistortion.Options.class,
                (o, ctx) -> new PhotoMetricDistortion(o));
        register(PIPELINES, "Pad", Pad.Options.class, (o, ctx) -> new Pad(o));
        register(PIPELINES, "DefaultFormatBundle", DefaultFormatBundle.Options.class,
                (o, ctx) -> new DefaultFormatBundle());
        register(PIPELINES, "MultiScaleFlipAug", MultiScaleFlipAug.Options.class, MultiScaleFlipAug::new);
    }
}
