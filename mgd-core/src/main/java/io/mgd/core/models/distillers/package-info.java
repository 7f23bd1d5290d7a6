/**
 * The distiller shared by all tasks: {@link io.mgd.core.models.distillers.BaseDistiller} (teacher,
 * student, distill losses, feature hooks, pre-flight check), built with {@link
 * io.mgd.core.models.distillers.Distillers#build}. Task modules add the registered subclasses
 * ({@code ClassificationDistiller}, {@code DetectionDistiller}, {@code SegmentationDistiller}).
 */
package io.mgd.core.models.distillers;
