/** The MGD detection distiller. */
package io.mgd.det.models.distillers;
