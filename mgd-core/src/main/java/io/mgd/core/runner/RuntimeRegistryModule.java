package io.mgd.core.runner;

import io.mgd.core.optim.Adam;
import io.mgd.core.optim.AdamW;
import io.mgd.core.optim.OptimizerFactory;
import io.mgd.core.optim.ParamGroup;
import io.mgd.core.optim.SGD;
import io.mgd.core.registry.Default;
import io.mgd.core.registry.Registries;
import io.mgd.core.registry.RegistryModule;
import io.mgd.core.runner.hooks.CheckpointHook;
import io.mgd.core.runner.hooks.CosineAnnealingLrUpdaterHook;
import io.mgd.core.runner.hooks.ExpLrUpdaterHook;
import io.mgd.core.runner.hooks.FixedLrUpdaterHook;
import io.mgd.core.runner.hooks.IterTimerHook;
import io.mgd.core.runner.hooks.LrUpdaterHook.Warmup;
import io.mgd.core.runner.hooks.OptimizerHook;
import io.mgd.core.runner.hooks.PolyLrUpdaterHook;
import io.mgd.core.runner.hooks.StepLrUpdaterHook;
import io.mgd.core.runner.hooks.TextLoggerHook;
import io.mgd.core.config.ConfigDict;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Registers the runtime components of mgd-core by their mmcv type names: optimizers
 * ({@code SGD}, {@code Adam}, {@code AdamW}) in {@code OPTIMIZERS}, and hooks ({@code
 * StepLrUpdaterHook}, {@code CosineAnnealingLrUpdaterHook}, {@code PolyLrUpdaterHook},
 * {@code FixedLrUpdaterHook}, {@code ExpLrUpdaterHook}, {@code OptimizerHook},
 * {@code IterTimerHook}, {@code CheckpointHook}, {@code TextLoggerHook}) in {@code HOOKS}.
 */
public final class RuntimeRegistryModule extends RegistryModule {

    record Sgd(double lr, @Default("0") double momentum, @Default("0") double dampening,
            @Default("0") double weightDecay, @Default("false") boolean nesterov) {
        Sgd {
            if (nesterov && (momentum <= 0 || dampening != 0)) {
                throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening");
            }
        }
    }

    record AdamOpts(@Default("0.001") double lr, @Default("[0.9, 0.999]") List<Double> betas,
            @Default("1.0e-8") double eps, @Default("null") Double weightDecay, @Default("false") boolean amsgrad) {
        AdamOpts {
            if (betas.size() != 2 || betas.stream().anyMatch(b -> b < 0 || b >= 1)) {
                throw new IllegalArgumentException("betas must be two numbers in [0, 1), got " + betas);
            }
        }
    }

    record StepOpts(Object step, @Default("0.1") double gamma, @Default("null") Double minLr,
            @Default("true") boolean byEpoch, @Default("null") String warmup, @Default("0") int warmupIters,
            @Default("0.1") double warmupRatio, @Default("false") boolean warmupByEpoch) {}

    record CosineOpts(@Default("null") Double minLr, @Default("null") Double minLrRatio,
            @Default("true") boolean byEpoch, @Default("null") String warmup, @Default("0") int warmupIters,
            @Default("0.1") double warmupRatio, @Default("false") boolean warmupByEpoch) {}

    record PolyOpts(@Default("1.0") double power, @Default("0.0") double minLr,
            @Default("true") boolean byEpoch, @Default("null") String warmup, @Default("0") int warmupIters,
            @Default("0.1") double warmupRatio, @Default("false") boolean warmupByEpoch) {}

    record FixedOpts(@Default("true") boolean byEpoch, @Default("null") String warmup, @Default("0") int warmupIters,
            @Default("0.1") double warmupRatio, @Default("false") boolean warmupByEpoch) {}

    record ExpOpts(double gamma, @Default("true") boolean byEpoch, @Default("null") String warmup,
            @Default("0") int warmupIters, @Default("0.1") double warmupRatio,
            @Default("false") boolean warmupByEpoch) {}

    record OptimizerHookOpts(@Default("null") ConfigDict gradClip, @Default("false") boolean detectAnomalousParams) {}

    record NoOpts() {}

    record CheckpointOpts(@Default("-1") int interval, @Default("true") boolean byEpoch,
            @Default("true") boolean saveOptimizer, @Default("null") String outDir, @Default("-1") int maxKeepCkpts,
            @Default("true") boolean saveLast, @Default("false") boolean syncBuffer,
            @Default("null") ConfigDict fileClientArgs, @Default("null") String filenameTmpl,
            @Default("null") Boolean createSymlink, @Default("null") ConfigDict meta) {}

    record TextLoggerOpts(@Default("true") boolean byEpoch, @Default("10") int interval,
            @Default("true") boolean ignoreLast, @Default("false") boolean resetFlag,
            @Default("1000") int intervalExpName) {}

    @Override
    protected void registerComponents() {
        register(Registries.OPTIMIZERS, "SGD", Sgd.class, (o, ctx) -> factory(SGD::new, Map.of("lr", o.lr(),
                "momentum", o.momentum(), "dampening", o.dampening(), "weight_decay", o.weightDecay(),
                "nesterov", o.nesterov())));
        register(Registries.OPTIMIZERS, "Adam", AdamOpts.class, (o, ctx) -> factory(Adam::new, adam(o, 0.0)));
        register(Registries.OPTIMIZERS, "AdamW", AdamOpts.class, (o, ctx) -> factory(AdamW::new, adam(o, 0.01)));
        register(Registries.HOOKS, "StepLrUpdaterHook", StepOpts.class, (o, ctx) -> new StepLrUpdaterHook(
                o.step(), o.gamma(), o.minLr(),
                new Warmup(o.byEpoch(), o.warmup(), o.warmupIters(), o.warmupRatio(), o.warmupByEpoch())));
        register(Registries.HOOKS, "CosineAnnealingLrUpdaterHook", CosineOpts.class, (o, ctx) ->
                new CosineAnnealingLrUpdaterHook(o.minLr(), o.minLrRatio(),
                        new Warmup(o.byEpoch(), o.warmup(), o.warmupIters(), o.warmupRatio(), o.warmupByEpoch())));
        register(Registries.HOOKS, "PolyLrUpdaterHook", PolyOpts.class, (o, ctx) -> new PolyLrUpdaterHook(
                o.power(), o.minLr(),
                new Warmup(o.byEpoch(), o.warmup(), o.warmupIters(), o.warmupRatio(), o.warmupByEpoch())));
        register(Registries.HOOKS, "FixedLrUpdaterHook", FixedOpts.class, (o, ctx) -> new FixedLrUpdaterHook(
                new Warmup(o.byEpoch(), o.warmup(), o.warmupIters(), o.warmupRatio(), o.warmupByEpoch())));
        register(Registries.HOOKS, "ExpLrUpdaterHook", ExpOpts.class, (o, ctx) -> new ExpLrUpdaterHook(o.gamma(),
                new Warmup(o.byEpoch(), o.warmup(), o.warmupIters(), o.warmupRatio(), o.warmupByEpoch())));
        register(Registries.HOOKS, "OptimizerHook", OptimizerHookOpts.class,
                (o, ctx) -> OptimizerHook.fromGradClip(o.gradClip()));
        register(Registries.HOOKS, "IterTimerHook", NoOpts.class, (o, ctx) -> new IterTimerHook());
        register(Registries.HOOKS, "CheckpointHook", CheckpointOpts.class, (o, ctx) -> new CheckpointHook(
                new CheckpointHook.Options(o.interval(), o.byEpoch(), o.saveOptimizer(), o.outDir(),
                        o.maxKeepCkpts(), o.saveLast(), o.filenameTmpl(), o.createSymlink(), o.meta())));
        register(Registries.HOOKS, "TextLoggerHook", TextLoggerOpts.class, (o, ctx) -> new TextLoggerHook(
                o.byEpoch(), o.interval(), o.ignoreLast(), o.resetFlag(), o.intervalExpName()));
    }

    private static Map<String, Object> adam(AdamOpts o, double defaultDecay) {
        return Map.of("lr", o.lr(), "betas", List.copyOf(o.betas()), "eps", o.eps(),
                "weight_decay", o.weightDecay() == null ? defaultDecay : o.weightDecay(), "amsgrad", o.amsgrad());
    }

    private static OptimizerFactory factory(Function<List<ParamGroup>, io.mgd.core.optim.Optimizer> ctor,
            Map<String, Object> defaults) {
        return groups -> {
            for (ParamGroup g : groups) {
                defaults.forEach(g.options()::putIfAbsent);
            }
            return ctor.apply(groups);
        };
    }
}
