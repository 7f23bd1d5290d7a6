/** Pipeline steps shared by all MMLab codebases (registered by {@link io.mgd.core.data.CoreDataModule}). */
package io.mgd.core.data.transforms;
