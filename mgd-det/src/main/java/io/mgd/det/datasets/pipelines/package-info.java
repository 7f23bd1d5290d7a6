/**
 * mmdet 2.x pipeline steps whose arguments differ from mmcls/mmseg (LoadAnnotations, Resize,
 * RandomFlip, Pad, DefaultFormatBundle, MultiScaleFlipAug), registered in the {@code det_pipelines}
 * registry. Boxes are (n, 4) float32 {@link io.mgd.core.data.HostArray}s, labels (n,) int64 ones.
 */
package io.mgd.det.datasets.pipelines;
