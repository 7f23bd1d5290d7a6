/**
 * Distillation losses shared by every task: the MGD feature losses {@link
 * io.mgd.core.models.losses.MGDLoss} (channel mask) and {@link io.mgd.core.models.losses.FeatureLoss}
 * (spatial mask), the logit loss {@link io.mgd.core.models.losses.KDLoss} and the imitation
 * baseline {@link io.mgd.core.models.losses.FeatureMimicLoss}, registered in {@code LOSSES} by
 * {@link io.mgd.core.models.losses.DistillLossModule}.
 */
package io.mgd.core.models.losses;
