/** Segmentation dataset tools: the Fashion-MNIST segmentation converter. */
package io.mgd.seg.tools;
