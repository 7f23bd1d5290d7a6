/**
 * Runner hooks with mmcv semantics and priorities: LR policies, optimizer step with gradient
 * clipping, iteration timer, checkpoints, text/JSON logging and evaluation.
 */
package io.mgd.core.runner.hooks;
