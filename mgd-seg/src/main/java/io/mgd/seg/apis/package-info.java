/** Segmentation as the tools see it: the {@link io.mgd.core.apis.Task} plug-in. */
package io.mgd.seg.apis;
