package io.mgd.core.checkpoint;

import io.mgd.core.config.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Placeholder for an instance of a Python class this reader does not model (a numpy scalar or
 * array, {@code torch.Size}, an {@code argparse.Namespace}, ...). It records how the pickle
 * built the object, so the writer can emit the same construction again: a call
 * {@code type(*args)} ({@code REDUCE}) or {@code type.__new__(type, *args)} ({@code NEWOBJ}),
 * then optional {@code __setstate__(state)} ({@code BUILD}) and, for list or dict subclasses,
 * appended items and set entries.
 */
public final class PyObject {
    private final PyGlobal type;
    private final Tuple args;
    private final boolean newObj;
    private Object state;
    private final List<Object> listItems = new ArrayList<>();
    private final Map<Object, Object> dictItems = new LinkedHashMap<>();

    /**
     * @param type the class (or factory function)
     * @param args the constructor arguments
     * @param newObj true for {@code cls.__new__(cls, *args)}, false for {@code cls(*args)}
     */
    public PyObject(PyGlobal type, Tuple args, boolean newObj) {
        this.type = type;
        this.args = args;
        this.newObj = newObj;
    }

    /** The class or factory. */
    public PyGlobal type() {
        return type;
    }

    /** Constructor arguments. */
    public Tuple args() {
        return args;
    }

    /** Whether the object was made with {@code __new__} ({@code NEWOBJ}) rather than a call. */
    public boolean isNewObj() {
        return newObj;
    }

    /** The state passed to {@code __setstate__}, or {@code null} when none was. */
    public Object state() {
        return state;
    }

    /** Sets the {@code __setstate__} state; {@code null} for none. */
    public void setState(Object state) {
        this.state = state;
    }

    /** Items appended after construction (list subclasses); mutable. */
    public List<Object> listItems() {
        return listItems;
    }

    /** Entries set after construction (dict subclasses); mutable. */
    public Map<Object, Object> dictItems() {
        return dictItems;
    }

    @Override
    public String toString() {
        return "<" + type + " object" + (args.isEmpty() ? "" : " args=" + args)
                + (state == null ? "" : " state=" + state) + ">";
    }
}
