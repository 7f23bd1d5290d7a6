package io.mgd.core.optim;

import java.util.List;

/**
 * {@code torch.optim.AdamW} (torch 1.13 formula): decoupled decay {@code w *= 1 - lr*wd} before
 * the Adam update. Group defaults: betas (0.9, 0.999), eps 1e-8, weight_decay 0.01.
 */
public final class AdamW extends AdamCore {
    /** Creates the optimizer; missing group options take torch's defaults. */
    public AdamW(List<ParamGroup> groups) {
        super(groups, true, 0.01);
    }
}
