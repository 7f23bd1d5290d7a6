package io.mgd.cls;

import io.mgd.cls.models.classifiers.ImageClassifier;
import io.mgd.cls.models.heads.ClsHead;
import io.mgd.cls.models.heads.LinearClsHead;
import io.mgd.cls.models.losses.CrossEntropyLoss;
import io.mgd.cls.models.losses.LabelSmoothLoss;
import io.mgd.cls.models.necks.GlobalAveragePooling;
import io.mgd.core.registry.Registries;
import io.mgd.core.registry.RegistryModule;

/**
 * Every mmcls component of mgd-cls, by MMLab type name. Grouped by registry: models, necks,
 * heads, losses (datasets and pipelines go in their own section below when added).
 */
public final class ClsRegistryModule extends RegistryModule {
    @Override
    protected void registerComponents() {
        // models (mmcls CLASSIFIERS)
        register(Registries.MODELS, "ImageClassifier", ImageClassifier.Options.class,
                (o, ctx) -> new ImageClassifier(ctx, o));
        // necks
        register(Registries.NECKS, "GlobalAveragePooling", GlobalAveragePooling.Options.class,
                (o, ctx) -> new GlobalAveragePooling(ctx.manager()));
        // heads
        register(Registries.HEADS, "ClsHead", ClsHead.Options.class, (o, ctx) -> {
            ClsHead h = new ClsHead(ctx, o.loss(), o.topk(), o.calAcc(), o.initCfg());
            h.initWeights();
            return h;
        });
        register(Registries.HEADS, "LinearClsHead", LinearClsHead.Options.class,
                (o, ctx) -> new LinearClsHead(ctx, o));
        // losses
        register(Registries.LOSSES, "CrossEntropyLoss", CrossEntropyLoss.Options.class,
                (o, ctx) -> new CrossEntropyLoss(ctx.manager(), o));
        register(Registries.LOSSES, "LabelSmoothLoss", LabelSmoothLoss.Options.class,
                (o, ctx) -> new LabelSmoothLoss(ctx.manager(), o));
    }
}
