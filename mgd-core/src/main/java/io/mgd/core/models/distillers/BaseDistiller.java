package io.mgd.core.models.distillers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.models.TaskModel;
import io.mgd.core.models.losses.DistillLoss;
import io.mgd.core.nn.LoadResult;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.Parameter;
import io.mgd.core.nn.layers.ModuleDict;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.util.MgdException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The distiller shared by the three tasks (yzd-v/MGD {@code *_distiller.py}): children {@code
 * teacher}, {@code student} and {@code distill_losses} (a ModuleDict keyed by each method's
 * {@code name}), in that order, so checkpoints hold {@code teacher.*}, {@code student.*} and
 * {@code distill_losses.<name>.*}.
 *
 * <p>The teacher is loaded from {@code teacher_pretrained}, frozen (no parameter requires grad)
 * and always in eval mode: {@link #train(boolean)} never switches it back. Features are captured
 * by forward hooks on the {@code student_module}/{@code teacher_module} paths of each {@code
 * distill_cfg} entry (the task's default path when absent); a hooked module that returns several
 * outputs (a backbone's stage tuple) gives its last one.
 *
 * <h2>Training step</h2>
 *
 * <pre>{@code
 * try (NDScope scope = new NDScope()) {
 *     TeacherFeatures t = distiller.teacherForward(batch);     // before the collector: no graph
 *     try (GradientCollector gc = engine.newGradientCollector()) {
 *         Map<String, NDArray> losses = distiller.forwardTrain(batch, targets, t);
 *         gc.backward(sum of the keys containing "loss");
 *     }
 *     optimizer.step();                                         // over trainableParameters()
 * }
 * }</pre>
 *
 * DJL records no autograd graph outside a {@code GradientCollector} (torch's {@code no_grad}), so
 * {@link #teacherForward} belongs before the collector opens. Measured with DJL 0.36/libtorch
 * 2.7.1: a frozen teacher run inside a collector records no graph either (backward from its output
 * fails with "does not require grad"), and the features are detached ({@code stopGradient}), so
 * the one-call {@link #forwardTrain(NDList, Map)} is also correct, only less explicit.
 *
 * <p>The teacher runs through a {@link TeacherBackend}: the DJL teacher module by default, or an
 * exported teacher on ONNX Runtime with {@code teacher_backend='onnxruntime'} and {@code
 * teacher_onnx} (see {@code docs/export.md}); {@link #close()} releases it.
 *
 * <p>Subclasses pass their options as a {@link DistillerSpec} and must not rely on their own
 * fields in {@link #buildModel} or {@link #runTeacher}'s callers during construction.
 */
public abstract class BaseDistiller extends Module implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BaseDistiller.class);

    private final Module teacher;
    private final Module student;
    private final ModuleDict distillLosses;
    private final List<DistillLocation> locations;
    private final List<List<DistillLoss>> lossesByLocation = new ArrayList<>();
    private final FeatureTaps studentTaps;
    private final FeatureTaps teacherTaps;
    private TeacherBackend teacherBackend;

    /**
     * Builds the teacher (then loads and freezes it), the student (then {@code init_weights} and,
     * with {@code init_student}, the teacher's non-backbone weights) and the distill losses, in
     * the reference's order, and hooks the distill locations.
     *
     * @param defaultModule the module path used when an entry has no {@code
     *     student_module}/{@code teacher_module} (e.g. {@code backbone}: its last stage output)
     */
    protected BaseDistiller(DistillerSpec spec, BuildContext ctx, String defaultModule) {
        super(ctx.manager());
        String type = getClass().getSimpleName();
        teacher = registerModule("teacher", taskModel(buildModel(spec.teacherCfg(), "teacher_cfg", ctx), "teacher_cfg"));
        loadTeacher(spec.teacherPretrained(), spec.teacherWeights(), type);
        teacher.namedParameters().values().forEach(p -> p.setRequiresGrad(false));
        teacher.eval();

        student = registerModule("student", taskModel(buildModel(spec.studentCfg(), "student_cfg", ctx), "student_cfg"));
        ((TaskModel) student).initWeights();
        if (spec.initStudent()) {
            initStudentFromTeacher(spec.teacherPretrained(), type);
        }

        distillLosses = registerModule("distill_losses", new ModuleDict(ctx.manager()));
        List<DistillLocation> locs = new ArrayList<>();
        for (int i = 0; i < spec.distillCfg().size(); i++) {
            DistillLocation loc = spec.distillCfg().get(i);
            locs.add(new DistillLocation(
                    loc.studentModule() == null ? defaultModule : loc.studentModule(),
                    loc.teacherModule() == null ? defaultModule : loc.teacherModule(),
                    loc.outputHook(), loc.methods()));
            List<DistillLoss> losses = new ArrayList<>();
            for (int j = 0; j < loc.methods().size(); j++) {
                losses.add(buildLoss(loc.methods().get(j), "distill_cfg[" + i + "].methods[" + j + "]", ctx));
            }
            lossesByLocation.add(Collections.unmodifiableList(losses));
        }
        locations = List.copyOf(locs);
        studentTaps = new FeatureTaps(student, "student", locations);
        teacherTaps = new FeatureTaps(teacher, "teacher", locations);
        teacherBackend = TeacherBackends.create(spec, locations, this::djlTeacherForward, type);
    }

    /**
     * Builds the teacher or student from its config; the default is {@code MODELS} on the
     * config's {@code model} dict. Detection overrides this to pass {@code train_cfg}/{@code
     * test_cfg}. Called from the constructor.
     */
    protected Module buildModel(ConfigDict cfg, String key, BuildContext ctx) {
        ConfigDict model = DistillerSpec.modelCfg(cfg);
        if (model == null) {
            throw new ConfigException(getClass().getSimpleName() + ": " + key + " is missing");
        }
        return ctx.build(Registries.MODELS, model);
    }

    private Module taskModel(Module m, String key) {
        if (!(m instanceof TaskModel)) {
            throw new ConfigException(getClass().getSimpleName() + ": the model of " + key + " ("
                    + m.getClass().getSimpleName() + ") cannot be distilled: it does not implement TaskModel");
        }
        return m;
    }

    private void loadTeacher(String source, TeacherWeights weights, String type) {
        // mmcls skips a falsy teacher_pretrained; the teacher then keeps its own init.
        if (source == null || source.isEmpty()) {
            return;
        }
        if (weights == null) {
            throw new MgdException(type + ": teacher_pretrained '" + source + "' is set but no checkpoint loader was given");
        }
        if (!source.contains("://")) {
            Path p = Path.of(source);
            if (!Files.isRegularFile(p)) {
                throw new MgdException(type + ": teacher_pretrained checkpoint '" + source + "' does not exist"
                        + (p.isAbsolute() ? "" : " (looked in " + p.toAbsolutePath().normalize() + ")"));
            }
        }
        try {
            weights.load(teacher, source);
        } catch (MgdException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MgdException(type + ": cannot load teacher_pretrained '" + source + "': " + e.getMessage(), e);
        }
    }

    /** mmdet/mmseg {@code init_student}: every teacher key except {@code backbone.*}, non-strict. */
    private void initStudentFromTeacher(String source, String type) {
        if (source == null || source.isEmpty()) {
            throw new ConfigException(type + ": init_student=True copies the teacher checkpoint into the student "
                    + "and needs teacher_pretrained");
        }
        Map<String, NDArray> state = new LinkedHashMap<>();
        teacher.stateDict().forEach((k, v) -> {
            if (!k.startsWith("backbone.")) {
                state.put(k, v);
            }
        });
        LoadResult r;
        try {
            r = student.loadStateDict(state, false);
        } catch (MgdException e) {
            throw new MgdException(type + ": init_student from '" + source + "': " + e.getMessage(), e);
        }
        LOG.info("init_student: copied {} teacher tensors into the student; missing keys {}, unexpected keys {}",
                state.size() - r.unexpectedKeys().size(), r.missingKeys(), r.unexpectedKeys());
    }

    private DistillLoss buildLoss(ConfigDict cfg, String where, BuildContext ctx) {
        Module m;
        try {
            m = ctx.build(Registries.LOSSES, cfg);
        } catch (ConfigException e) {
            throw new ConfigException(where + ": " + e.getMessage(), e);
        }
        if (!(m instanceof DistillLoss loss)) {
            throw new ConfigException(where + ": " + cfg.get("type") + " is not a feature distillation loss");
        }
        if (distillLosses.containsKey(loss.name())) {
            throw new ConfigException(where + ": duplicate loss name '" + loss.name()
                    + "' (each method needs its own name)");
        }
        distillLosses.put(loss.name(), m);
        return loss;
    }

    // ---- accessors ----------------------------------------------------------------------

    /** The frozen teacher ({@code teacher.*} keys). */
    public final Module teacher() {
        return teacher;
    }

    /** The student ({@code student.*} keys), the model that is kept after training. */
    public final Module student() {
        return student;
    }

    protected final TaskModel teacherModel() {
        return (TaskModel) teacher;
    }

    protected final TaskModel studentModel() {
        return (TaskModel) student;
    }

    /** The losses by name ({@code distill_losses.<name>.*} keys). */
    public final ModuleDict distillLosses() {
        return distillLosses;
    }

    /** The distill locations with default paths filled in. */
    public final List<DistillLocation> locations() {
        return locations;
    }

    /**
     * What the optimizer gets, mmcv's {@code base_parameters()}: every student parameter then every
     * distill-loss parameter, with distiller keys ({@code student.backbone.conv1.weight}). Frozen
     * student parameters are included, as torch's optimizer holds them and skips them for lack of
     * a gradient (this keeps optimizer state indices the reference's). The teacher is never in it.
     */
    public final Map<String, Parameter> trainableParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        student.namedParameters().forEach((k, p) -> out.put("student." + k, p));
        distillLosses.namedParameters().forEach((k, p) -> out.put("distill_losses." + k, p));
        return out;
    }

    /** Sets the mode of the student and losses; the teacher stays in eval mode. */
    @Override
    public Module train(boolean mode) {
        super.train(mode);
        if (teacher != null) {
            teacher.train(false);
        }
        return this;
    }

    // ---- forward ------------------------------------------------------------------------

    /** Inference runs the student only (the reference's {@code simple_test}). */
    @Override
    protected NDList forwardInternal(NDList inputs) {
        return student.forward(inputs);
    }

    /**
     * Runs the teacher through the {@linkplain #teacherBackend() teacher backend} and returns its
     * hooked features, detached. Call it before opening the step's {@code GradientCollector} (see
     * the class comment).
     */
    public final TeacherFeatures teacherForward(NDList inputs) {
        // The teacher's intermediate activations are never needed for backward: free them as soon
        // as its forward ends (an enclosing step scope would otherwise hold them to the step's
        // end, roughly doubling peak memory); only the captured features and outputs move on to
        // the caller's scope.
        TeacherFeatures t;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            t = teacherBackend.forward(inputs);
            t.features().forEach(NDScope::unregister);
            if (t.outputs() != null) {
                NDScope.unregister(t.outputs());
            }
        }
        t.features().forEach(NDScope::register);
        if (t.outputs() != null) {
            t.outputs().forEach(NDScope::register);
        }
        return t;
    }

    /**
     * The backend that runs the teacher: the DJL teacher module unless the config sets {@code
     * teacher_backend='onnxruntime'}.
     */
    public final TeacherBackend teacherBackend() {
        return teacherBackend;
    }

    /**
     * Replaces the teacher backend (e.g. an ONNX Runtime teacher exported from {@link #teacher()});
     * the previous one is closed. Null restores the DJL teacher module.
     */
    public final void setTeacherBackend(TeacherBackend backend) {
        TeacherBackend old = teacherBackend;
        teacherBackend = backend == null ? this::djlTeacherForward : backend;
        if (old != teacherBackend) {
            old.close();
        }
    }

    /** Closes the teacher backend (an ONNX Runtime session); the modules need no closing. */
    @Override
    public void close() {
        teacherBackend.close();
    }

    /** The DJL teacher backend: the teacher module with the distill-location hooks. */
    private TeacherFeatures djlTeacherForward(NDList inputs) {
        teacherTaps.clear();
        try {
            NDList outputs = runTeacher(inputs);
            List<NDArray> features = new ArrayList<>();
            for (int i = 0; i < teacherTaps.size(); i++) {
                NDArray f = teacherTaps.get(i);
                if (f == null) {
                    throw notCalled("teacher", i);
                }
                features.add(f.stopGradient());
            }
            return new TeacherFeatures(features, outputs);
        } finally {
            teacherTaps.clear();
        }
    }

    /** The teacher part of a step; the default is {@code teacher.extract_feat(img)}. */
    protected NDList runTeacher(NDList inputs) {
        return teacherModel().extractFeat(inputs);
    }

    /** {@link #teacherForward} then {@link #forwardTrain(NDList, Map, TeacherFeatures)}. */
    public Map<String, NDArray> forwardTrain(NDList inputs, Map<String, Object> targets) {
        return forwardTrain(inputs, targets, teacherForward(inputs));
    }

    /**
     * The distiller's loss dict: the task's student losses ({@link #studentLosses}), then one entry
     * per distill loss by its name, in {@code distill_cfg} order.
     */
    public Map<String, NDArray> forwardTrain(NDList inputs, Map<String, Object> targets, TeacherFeatures t) {
        studentTaps.clear();
        Map<String, NDArray> losses = new LinkedHashMap<>(studentLosses(inputs, targets));
        losses.putAll(featureLosses(t));
        return losses;
    }

    /** The student's training forward with the task's key convention (mmcls: {@code ori_loss}). */
    protected abstract Map<String, NDArray> studentLosses(NDList inputs, Map<String, Object> targets);

    /** The distill losses on the features the student forward just captured. */
    protected final Map<String, NDArray> featureLosses(TeacherFeatures t) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        try {
            for (int i = 0; i < locations.size(); i++) {
                NDArray s = studentTaps.get(i);
                if (s == null) {
                    throw notCalled("student", i);
                }
                NDArray tf = t.features().get(i);
                for (DistillLoss loss : lossesByLocation.get(i)) {
                    checkPair("distill_cfg[" + i + "]", i, loss, s.getShape(), tf.getShape());
                    out.put(loss.name(), loss.loss(s, tf));
                }
            }
        } finally {
            studentTaps.clear();
        }
        return out;
    }

    /**
     * The pre-flight check, run once before the first step: a dry forward of teacher and student
     * on {@code inputs} (eval mode, no graph, nothing kept) and a shape check of every hooked
     * pair against its losses.
     *
     * @throws MgdException naming both module paths and both shapes on a channel or spatial-size
     *     mismatch, or naming a hooked module the forward never reached
     */
    public final void preflight(NDList inputs) {
        boolean wasTraining = isTraining();
        eval();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            TeacherFeatures t = teacherForward(inputs);
            studentTaps.clear();
            runStudentFeatures(inputs);
            for (int i = 0; i < locations.size(); i++) {
                NDArray s = studentTaps.get(i);
                if (s == null) {
                    throw notCalled("student", i);
                }
                for (DistillLoss loss : lossesByLocation.get(i)) {
                    checkPair("pre-flight check failed for distill_cfg[" + i + "]", i, loss, s.getShape(),
                            t.features().get(i).getShape());
                }
            }
        } finally {
            studentTaps.clear();
            train(wasTraining);
        }
    }

    /** The student part of the pre-flight forward; the default is {@code extract_feat}. */
    protected NDList runStudentFeatures(NDList inputs) {
        return studentModel().extractFeat(inputs);
    }

    private void checkPair(String where, int i, DistillLoss loss, Shape s, Shape t) {
        String problem = loss.describeMismatch(s, t);
        if (problem != null) {
            throw new MgdException(where + " loss '" + loss.name() + "': student module '" + studentTaps.path(i)
                    + "' gives " + s + " and teacher module '" + teacherTaps.path(i) + "' gives " + t + "; "
                    + problem);
        }
    }

    private MgdException notCalled(String role, int i) {
        String path = "student".equals(role) ? studentTaps.path(i) : teacherTaps.path(i);
        return new MgdException("distill_cfg[" + i + "]: " + role + " module '" + path + "' did not run during the "
                + role + " forward, so no feature was captured (is it used by "
                + ("student".equals(role) ? "the student's forward_train/extract_feat" : "the teacher's extract_feat")
                + "?)");
    }
}
