/**
 * mgd-seg: the MMSegmentation 0.20 side of MGD. {@link io.mgd.seg.SegRegistryModule} registers
 * the segmentor, decode heads and losses by their mmseg type names; {@link
 * io.mgd.seg.SegRegistries} holds the mmseg-only loss registry.
 */
package io.mgd.seg;
