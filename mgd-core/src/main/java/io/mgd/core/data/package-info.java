/**
 * Task-independent data handling: {@link io.mgd.core.data.Image} and mmcv image ops,
 * image decoding, {@link io.mgd.core.data.Dataset}, pipelines ({@link io.mgd.core.data.Compose}
 * of {@link io.mgd.core.data.Transform}s) and the {@link io.mgd.core.data.DataLoader} that
 * collates samples into {@link io.mgd.core.data.Batch}es of NDArrays.
 */
package io.mgd.core.data;
