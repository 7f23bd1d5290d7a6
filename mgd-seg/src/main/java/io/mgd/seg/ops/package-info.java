/** mmseg {@code ops}: the {@code resize} wrapper. */
package io.mgd.seg.ops;
