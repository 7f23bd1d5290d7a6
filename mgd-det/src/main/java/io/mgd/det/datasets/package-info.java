/**
 * mmdet 2.x detection data: {@link io.mgd.det.datasets.CocoDataset}, COCO results conversion and
 * the evaluation hook ({@link io.mgd.det.datasets.BboxEvaluator}), batching of ragged detection
 * samples ({@link io.mgd.det.datasets.DetCollate}); registered by
 * {@link io.mgd.det.datasets.DetDataModule}.
 */
package io.mgd.det.datasets;
