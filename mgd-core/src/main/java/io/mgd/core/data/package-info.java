/**
 * The data seams the runner consumes: {@link io.mgd.core.data.Batch} and
 * {@link io.mgd.core.data.DataLoader}. Datasets, pipelines and the concrete loader implement them.
 */
package io.mgd.core.data;
