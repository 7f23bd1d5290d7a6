/**
 * mmseg losses ({@code CrossEntropyLoss}, {@code accuracy}) and the MGD seg logit distillation
 * loss ({@code ChannelWiseDivergence}).
 */
package io.mgd.seg.models.losses;
