/** The mmcls MGD distiller, {@link io.mgd.cls.models.distillers.ClassificationDistiller}. */
package io.mgd.cls.models.distillers;
