/**
 * The mmcv-style training runtime: {@link io.mgd.core.runner.TrainableModel} (the task seam),
 * {@link io.mgd.core.runner.EpochBasedRunner} and {@link io.mgd.core.runner.IterBasedRunner},
 * {@link io.mgd.core.runner.Runners} (config wiring), the checkpoint seam
 * {@link io.mgd.core.runner.CheckpointStore}, seeds, progress display and Python-exact log
 * formatting.
 */
package io.mgd.core.runner;
