package io.mgd.core.optim;

import java.util.List;

/**
 * {@code torch.optim.Adam} (torch 1.13 formula): L2 weight decay added to the gradient, bias-
 * corrected moments, optional {@code amsgrad}. Group defaults: betas (0.9, 0.999), eps 1e-8,
 * weight_decay 0.
 */
public final class Adam extends AdamCore {
    /** Creates the optimizer; missing group options take torch's defaults. */
    public Adam(List<ParamGroup> groups) {
        super(groups, false, 0.0);
    }
}
