/**
 * mmseg datasets ({@link io.mgd.seg.datasets.CustomDataset},
 * {@link io.mgd.seg.datasets.CityscapesDataset}) in the {@code seg_datasets} registry, registered
 * with the segmentation pipeline steps by {@link io.mgd.seg.datasets.SegDataModule}.
 */
package io.mgd.seg.datasets;
