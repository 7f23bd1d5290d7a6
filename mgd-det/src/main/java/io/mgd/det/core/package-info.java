/** Detection core types shared by heads and evaluation. */
package io.mgd.det.core;
