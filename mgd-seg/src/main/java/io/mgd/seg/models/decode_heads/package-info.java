/**
 * mmseg decode heads ({@code BaseDecodeHead}, {@code PSPHead}, {@code ASPPHead},
 * {@code FCNHead}) with mmseg's state-dict keys, forward and losses.
 */
package io.mgd.seg.models.decode_heads;
