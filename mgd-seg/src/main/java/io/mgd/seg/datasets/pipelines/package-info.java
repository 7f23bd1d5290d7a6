/**
 * mmseg 0.20 pipeline steps (registry {@code seg_pipelines}). Images are BGR {@link
 * io.mgd.core.data.Image}s; segmentation maps are one-channel uint8 Images listed in
 * {@code seg_fields}, turned into (1, H, W) int64 arrays by DefaultFormatBundle.
 */
package io.mgd.seg.datasets.pipelines;
