package io.mgd.core.checkpoint;

/**
 * A reference to a Python class or function by module and name, as pickled with
 * {@code GLOBAL}; never resolved or executed. Appears as a value for class references (e.g.
 * {@code torch.float32}) and as the type of a {@link PyObject} placeholder.
 *
 * @param module the module, e.g. {@code numpy.core.multiarray}
 * @param name the qualified name inside the module, e.g. {@code scalar}
 */
public record PyGlobal(String module, String name) {
    @Override
    public String toString() {
        return module + "." + name;
    }
}
