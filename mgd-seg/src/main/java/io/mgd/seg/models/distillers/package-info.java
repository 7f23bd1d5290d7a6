/** The MGD segmentation distiller ({@code SegmentationDistiller}). */
package io.mgd.seg.models.distillers;
