/**
 * Task-independent model code: {@link io.mgd.core.models.TaskModel}, the contract a classifier,
 * detector or segmentor fulfils to be distilled, plus the shared losses and distillers.
 */
package io.mgd.core.models;
