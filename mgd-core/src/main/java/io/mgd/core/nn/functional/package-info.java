/**
 * {@code torch.nn.functional} equivalents ({@link io.mgd.core.nn.functional.F}) built from
 * differentiable DJL ops, with PyTorch 1.13 golden parity for outputs and gradients. Where DJL's
 * own op differs from torch (interpolation ignores {@code align_corners} and antialiases;
 * average pooling ignores {@code count_include_pad}), the torch rule is implemented here.
 */
package io.mgd.core.nn.functional;
