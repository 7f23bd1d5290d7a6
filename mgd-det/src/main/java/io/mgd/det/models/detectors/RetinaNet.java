package io.mgd.det.models.detectors;

import io.mgd.core.registry.BuildContext;

/** mmdet {@code RetinaNet}: a {@link SingleStageDetector} (ResNet + FPN + RetinaHead in its configs). */
public final class RetinaNet extends SingleStageDetector {
    public RetinaNet(BuildContext ctx, Options o) {
        super(ctx, o, "RetinaNet");
    }
}
