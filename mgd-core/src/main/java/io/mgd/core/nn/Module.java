package io.mgd.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.mgd.core.util.MgdException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A node of the model tree, like {@code torch.nn.Module}: ordered named parameters, buffers and
 * children whose dotted names are exactly the PyTorch/mmcv state-dict keys.
 *
 * <p>{@link #forward(NDList)} is final: it runs {@link #forwardInternal} and then the forward
 * hooks, so distillers can capture any submodule's output by its dotted path. Arrays created by a
 * forward belong to the caller's scope (an {@code NDScope} per step); parameters live in the
 * manager given at construction.
 */
public abstract class Module {
    private final NDManager manager;
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Buffer> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private final List<ForwardHook> hooks = new ArrayList<>();
    private boolean training = true;

    protected Module(NDManager manager) {
        this.manager = manager;
    }

    /** The manager that owns this module's parameters and buffers. */
    public final NDManager manager() {
        return manager;
    }

    /** Runs the module and then its forward hooks. */
    public final NDList forward(NDList inputs) {
        NDList outputs = forwardInternal(inputs);
        for (ForwardHook hook : hooks) {
            hook.onForward(this, inputs, outputs);
        }
        return outputs;
    }

    /** Convenience for single-input, single-output modules. */
    public final NDArray forward(NDArray input) {
        return forward(new NDList(input)).head();
    }

    /** The computation; subclasses implement this, callers use {@link #forward}. */
    protected abstract NDList forwardInternal(NDList inputs);

    // ---- registration -------------------------------------------------------------------

    /** Registers a trainable tensor under {@code name} (must be unique among this module's). */
    protected final Parameter registerParameter(String name, NDArray value) {
        checkNewName(name);
        Parameter p = new Parameter(value, true);
        parameters.put(name, p);
        return p;
    }

    /** Registers a persistent buffer (saved in the state dict). */
    protected final Buffer registerBuffer(String name, NDArray value) {
        return registerBuffer(name, value, true);
    }

    /** Registers a buffer; non-persistent ones are not part of the state dict. */
    protected final Buffer registerBuffer(String name, NDArray value, boolean persistent) {
        checkNewName(name);
        Buffer b = new Buffer(value, persistent);
        buffers.put(name, b);
        return b;
    }

    /** Registers a child module; its keys are prefixed with {@code name + "."}. */
    protected final <M extends Module> M registerModule(String name, M child) {
        checkNewName(name);
        if (child == null) {
            throw new IllegalArgumentException("child == null for " + name);
        }
        children.put(name, child);
        return child;
    }

    private void checkNewName(String name) {
        if (name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("invalid module attribute name '" + name + "'");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("attribute '" + name + "' already registered");
        }
    }

    // ---- train / eval -------------------------------------------------------------------

    /**
     * Sets training mode recursively. Overrides (frozen stages, norm_eval) must call super and
     * then re-apply their rule, as mmcv's backbones do in {@code train()}.
     */
    public Module train(boolean mode) {
        training = mode;
        for (Module c : children.values()) {
            c.train(mode);
        }
        return this;
    }

    /** Same as {@code train(false)}. */
    public final Module eval() {
        return train(false);
    }

    public final boolean isTraining() {
        return training;
    }

    // ---- hooks --------------------------------------------------------------------------

    /** Adds a hook to this module; the returned handle removes it. */
    public final HookHandle registerForwardHook(ForwardHook hook) {
        hooks.add(hook);
        return () -> hooks.remove(hook);
    }

    /**
     * The tracker that frees this forward's intermediates once consumed (see {@link Intermediates});
     * it frees nothing while a module below this one has a forward hook, since the hook may hold
     * what its module read or returned.
     */
    protected final Intermediates intermediates(NDList inputs) {
        return new Intermediates(inputs, !hooksBelow());
    }

    private boolean hooksBelow() {
        for (Module c : children.values()) {
            if (!c.hooks.isEmpty() || c.hooksBelow()) {
                return true;
            }
        }
        return false;
    }

    /** Adds a hook to the submodule at a dotted path ({@code neck.fpn_convs.4.conv}). */
    public final HookHandle registerForwardHook(String path, ForwardHook hook) {
        return getSubmodule(path).registerForwardHook(hook);
    }

    /** A registered forward hook; {@link #remove()} detaches it. */
    @FunctionalInterface
    public interface HookHandle extends AutoCloseable {
        void remove();

        @Override
        default void close() {
            remove();
        }
    }

    // ---- traversal ----------------------------------------------------------------------

    /** Direct children in registration order (read-only). */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** The child with this attribute name, or null. */
    public final Module child(String name) {
        return children.get(name);
    }

    /** This module's own parameters (not children's), read-only. */
    public final Map<String, Parameter> ownParameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /** This module's own buffers (not children's), read-only. */
    public final Map<String, Buffer> ownBuffers() {
        return Collections.unmodifiableMap(buffers);
    }

    /** Every module of the tree by dotted path; this module is {@code ""}. Pre-order. */
    public final Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        visit("", (prefix, m) -> out.put(prefix, m));
        return out;
    }

    /** Every parameter of the tree by dotted key, in state-dict order. */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        visit("", (prefix, m) -> m.parameters.forEach((n, p) -> out.put(join(prefix, n), p)));
        return out;
    }

    /** Every buffer of the tree by dotted key. */
    public final Map<String, Buffer> namedBuffers() {
        Map<String, Buffer> out = new LinkedHashMap<>();
        visit("", (prefix, m) -> m.buffers.forEach((n, b) -> out.put(join(prefix, n), b)));
        return out;
    }

    private void visit(String prefix, BiConsumer<String, Module> fn) {
        fn.accept(prefix, this);
        children.forEach((n, c) -> c.visit(join(prefix, n), fn));
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    /** The submodule at a dotted path; an error lists the children available at the break. */
    public final Module getSubmodule(String path) {
        if (path.isEmpty()) {
            return this;
        }
        Module cur = this;
        StringBuilder seen = new StringBuilder();
        for (String part : path.split("\\.")) {
            Module next = cur.children.get(part);
            if (next == null) {
                throw new MgdException("module path '" + path + "' not found: '"
                        + (seen.length() == 0 ? "<root>" : seen) + "' (" + cur.getClass().getSimpleName()
                        + ") has no child '" + part + "'; its children are " + cur.children.keySet());
            }
            if (seen.length() > 0) {
                seen.append('.');
            }
            seen.append(part);
            cur = next;
        }
        return cur;
    }

    // ---- state dict ---------------------------------------------------------------------

    /**
     * Parameters and persistent buffers in PyTorch order (per module: parameters, then buffers,
     * then children). The arrays are the live ones, not copies.
     */
    public final Map<String, NDArray> stateDict() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        visit("", (prefix, m) -> {
            m.parameters.forEach((n, p) -> out.put(join(prefix, n), p.data()));
            m.buffers.forEach((n, b) -> {
                if (b.persistent()) {
                    out.put(join(prefix, n), b.data());
                }
            });
        });
        return out;
    }

    /**
     * Copies matching tensors in. With {@code strict}, any missing or unexpected key is an
     * error; otherwise they are returned. A shape mismatch is always an error naming the key.
     */
    public final LoadResult loadStateDict(Map<String, NDArray> state, boolean strict) {
        Map<String, Parameter> params = namedParameters();
        Map<String, Buffer> bufs = new LinkedHashMap<>();
        namedBuffers().forEach((k, b) -> {
            if (b.persistent()) {
                bufs.put(k, b);
            }
        });
        Set<String> own = new LinkedHashSet<>(params.keySet());
        own.addAll(bufs.keySet());
        List<String> missing = new ArrayList<>();
        for (String k : own) {
            if (!state.containsKey(k)) {
                missing.add(k);
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String k : state.keySet()) {
            if (!own.contains(k)) {
                unexpected.add(k);
            }
        }
        if (strict && (!missing.isEmpty() || !unexpected.isEmpty())) {
            throw new MgdException("error loading state dict into " + getClass().getSimpleName()
                    + ": missing keys " + missing + ", unexpected keys " + unexpected);
        }
        for (Map.Entry<String, NDArray> e : state.entrySet()) {
            String k = e.getKey();
            NDArray v = e.getValue();
            NDArray target = params.containsKey(k) ? params.get(k).data()
                    : bufs.containsKey(k) ? bufs.get(k).data() : null;
            if (target == null) {
                continue;
            }
            if (!target.getShape().equals(v.getShape())) {
                throw new MgdException("size mismatch for " + k + ": copying a param with shape "
                        + v.getShape() + " from checkpoint, the shape in current model is "
                        + target.getShape());
            }
        }
        state.forEach((k, v) -> {
            if (params.containsKey(k)) {
                params.get(k).set(v);
            } else if (bufs.containsKey(k)) {
                bufs.get(k).set(v);
            }
        });
        return new LoadResult(missing, unexpected);
    }

    // ---- type names ---------------------------------------------------------------------

    /**
     * This module's PyTorch class name followed by its direct base-class names; mmcv's
     * {@code init_cfg} {@code layer} key matches against them (mmcv compares the class name and
     * {@code __bases__}, so {@code '_BatchNorm'} selects BatchNorm2d and SyncBN). Defaults to the
     * Java simple class name; layers that mirror a torch class override it.
     */
    public List<String> torchTypeNames() {
        return List.of(getClass().getSimpleName());
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + children.keySet();
    }
}
