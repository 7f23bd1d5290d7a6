/** Detection components of mgd-java (mmdet 2.x behaviour); {@link io.mgd.det.DetRegistryModule} registers them by mmdet type name. */
package io.mgd.det;
