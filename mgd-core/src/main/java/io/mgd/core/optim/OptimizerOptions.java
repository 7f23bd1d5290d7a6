package io.mgd.core.optim;

import io.mgd.core.registry.Default;
import java.util.List;
import java.util.Map;

/** Options records of the registered optimizers (torch argument names and defaults). */
final class OptimizerOptions {
    private OptimizerOptions() {}

    /** {@code torch.optim.SGD}: lr is required, as in torch 1.13. */
    record Sgd(double lr, @Default("0") double momentum, @Default("0") double dampening,
            @Default("0") double weightDecay, @Default("false") boolean nesterov) {
        Sgd {
            if (lr < 0 || momentum < 0 || weightDecay < 0) {
                throw new IllegalArgumentException("lr, momentum and weight_decay must be >= 0");
            }
            if (nesterov && (momentum <= 0 || dampening != 0)) {
                throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening");
            }
        }

        Map<String, Object> defaults() {
            return Map.of("lr", lr, "momentum", momentum, "dampening", dampening,
                    "weight_decay", weightDecay, "nesterov", nesterov);
        }
    }

    /** {@code torch.optim.Adam}/{@code AdamW}; weight_decay default differs (0 vs 0.01). */
    record Adam(@Default("0.001") double lr, @Default("[0.9, 0.999]") List<Double> betas,
            @Default("1.0e-8") double eps, @Default("null") Double weightDecay,
            @Default("false") boolean amsgrad) {
        Adam {
            if (betas.size() != 2 || betas.get(0) < 0 || betas.get(0) >= 1 || betas.get(1) < 0
                    || betas.get(1) >= 1) {
                throw new IllegalArgumentException("betas must be two numbers in [0, 1), got " + betas);
            }
            if (lr < 0 || eps < 0) {
                throw new IllegalArgumentException("lr and eps must be >= 0");
            }
        }

        Map<String, Object> defaults(double defaultDecay) {
            return Map.of("lr", lr, "betas", List.copyOf(betas), "eps", eps,
                    "weight_decay", weightDecay == null ? defaultDecay : weightDecay, "amsgrad", amsgrad);
        }
    }
}
