package io.mgd.core.data;

import io.mgd.core.data.transforms.Collect;
import io.mgd.core.data.transforms.ImageToTensor;
import io.mgd.core.data.transforms.LoadImageFromFile;
import io.mgd.core.data.transforms.Normalize;
import io.mgd.core.data.transforms.ToTensor;
import io.mgd.core.registry.Registries;
import io.mgd.core.registry.RegistryModule;

/**
 * Registers the pipeline steps that mean the same in mmcls, mmdet and mmseg in
 * {@link Registries#TRANSFORMS}. Steps whose arguments differ between codebases (Resize,
 * RandomFlip, Pad, crops) are registered by each task module in its own pipeline registry.
 */
public final class CoreDataModule extends RegistryModule {
    @Override
    protected void registerComponents() {
        register(Registries.TRANSFORMS, "LoadImageFromFile", LoadImageFromFile.Options.class,
                (o, ctx) -> new LoadImageFromFile(o));
        register(Registries.TRANSFORMS, "Normalize", Normalize.Options.class, (o, ctx) -> new Normalize(o));
        register(Registries.TRANSFORMS, "ImageToTensor", ImageToTensor.Options.class, (o, ctx) -> new ImageToTensor(o));
        register(Registries.TRANSFORMS, "ToTensor", ToTensor.Options.class, (o, ctx) -> new ToTensor(o));
        register(Registries.TRANSFORMS, "Collect", Collect.Options.class, (o, ctx) -> new Collect(o));
    }
}
