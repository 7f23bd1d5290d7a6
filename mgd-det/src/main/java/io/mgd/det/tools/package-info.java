/** Detection tools: the Fashion-MNIST detection dataset converter. */
package io.mgd.det.tools;
