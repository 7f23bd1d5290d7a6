/** Dense (single-stage and RPN-like) heads (mmdet models/dense_heads). */
package io.mgd.det.models.dense_heads;
