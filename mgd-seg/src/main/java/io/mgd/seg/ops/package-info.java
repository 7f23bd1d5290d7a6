/** mmseg {@code ops}: {@code resize} and the adaptive average pool, both safe to backpropagate through after a GC. */
package io.mgd.seg.ops;
