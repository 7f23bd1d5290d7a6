/** mmseg {@code ops}: {@code resize} (bilinear), on core's GC-safe {@code F.interpolate}. */
package io.mgd.seg.ops;
