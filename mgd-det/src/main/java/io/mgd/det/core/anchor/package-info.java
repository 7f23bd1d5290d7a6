/** Anchor generation (mmdet core/anchor). */
package io.mgd.det.core.anchor;
