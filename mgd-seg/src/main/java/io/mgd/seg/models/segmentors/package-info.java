/**
 * mmseg segmentors: {@code EncoderDecoder} (training losses, whole and sliding-window
 * inference) and its test-time configuration.
 */
package io.mgd.seg.models.segmentors;
