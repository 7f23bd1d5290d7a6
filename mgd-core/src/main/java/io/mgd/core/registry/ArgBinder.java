package io.mgd.core.registry;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.config.Tuple;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Binds a config dict to an options record: each record component is a config key (snake_case
 * of its name, or {@link Name}), defaults come from {@link Default}, and unknown, missing or
 * mistyped keys fail with a message naming the component and its valid arguments.
 */
public final class ArgBinder {
    private ArgBinder() {}

    /** The config keys an options record accepts, in declaration order. */
    public static List<String> argumentNames(Class<? extends Record> type) {
        List<String> out = new ArrayList<>();
        for (RecordComponent rc : type.getRecordComponents()) {
            out.add(keyOf(rc));
        }
        return out;
    }

    /**
     * Binds {@code args} (without {@code type}) to a new {@code type} record.
     *
     * @param component the name used in errors, e.g. {@code backbones.ResNet}
     */
    public static <O extends Record> O bind(Class<O> type, Map<String, Object> args, String component) {
        RecordComponent[] rcs = type.getRecordComponents();
        Map<String, RecordComponent> byKey = new LinkedHashMap<>();
        for (RecordComponent rc : rcs) {
            byKey.put(keyOf(rc), rc);
        }
        for (String key : args.keySet()) {
            if (!byKey.containsKey(key)) {
                String hint = Names.closest(key, byKey.keySet());
                throw new ConfigException(component + ": unexpected argument '" + key + "'"
                        + (hint == null ? "" : " (did you mean '" + hint + "'?)")
                        + "; valid arguments are " + byKey.keySet());
            }
        }
        Object[] values = new Object[rcs.length];
        Class<?>[] types = new Class<?>[rcs.length];
        for (int i = 0; i < rcs.length; i++) {
            RecordComponent rc = rcs[i];
            String key = keyOf(rc);
            types[i] = rc.getType();
            Object raw;
            if (args.containsKey(key)) {
                raw = args.get(key);
            } else {
                Default d = rc.getAnnotation(Default.class);
                if (d == null) {
                    throw new ConfigException(component + ": missing required argument '" + key
                            + "'; valid arguments are " + byKey.keySet());
                }
                raw = parseDefault(d.value(), type, key);
            }
            values[i] = convert(raw, rc.getType(), rc.getGenericType(), component, key);
        }
        try {
            Constructor<O> ctor = type.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return ctor.newInstance(values);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConfigException ce) {
                throw ce;
            }
            throw new ConfigException(component + ": " + cause.getMessage(), cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct options record " + type.getName(), e);
        }
    }

    static String keyOf(RecordComponent rc) {
        Name n = rc.getAnnotation(Name.class);
        return n != null ? n.value() : Names.snakeCase(rc.getName());
    }

    private static Object parseDefault(String text, Class<?> owner, String key) {
        try {
            Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
            return ConfigDict.normalize(yaml.load(text));
        } catch (RuntimeException e) {
            throw new IllegalStateException("bad @Default for " + owner.getName() + "." + key + ": " + text, e);
        }
    }

    private static Object convert(Object v, Class<?> target, Type generic, String component, String key) {
        if (v == null) {
            if (target.isPrimitive()) {
                throw mistyped(component, key, target, v);
            }
            return null;
        }
        if (target == Object.class) {
            return v;
        }
        if (target == int.class || target == Integer.class) {
            if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
                return l.intValue();
            }
            throw mistyped(component, key, target, v);
        }
        if (target == long.class || target == Long.class) {
            if (v instanceof Long) {
                return v;
            }
            throw mistyped(component, key, target, v);
        }
        if (target == double.class || target == Double.class) {
            if (v instanceof Number n) {
                return n.doubleValue();
            }
            throw mistyped(component, key, target, v);
        }
        if (target == float.class || target == Float.class) {
            if (v instanceof Number n) {
                return n.floatValue();
            }
            throw mistyped(component, key, target, v);
        }
        if (target == boolean.class || target == Boolean.class) {
            if (v instanceof Boolean) {
                return v;
            }
            throw mistyped(component, key, target, v);
        }
        if (target == String.class) {
            if (v instanceof String) {
                return v;
            }
            throw mistyped(component, key, target, v);
        }
        if (target == ConfigDict.class) {
            if (v instanceof ConfigDict d) {
                return d.deepCopy();
            }
            throw mistyped(component, key, target, v);
        }
        if (target == int[].class) {
            List<?> l = v instanceof List<?> list ? list : List.of(v);
            int[] out = new int[l.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (Integer) convert(l.get(i), int.class, int.class, component, key);
            }
            return out;
        }
        if (target == double[].class) {
            List<?> l = v instanceof List<?> list ? list : List.of(v);
            double[] out = new double[l.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (Double) convert(l.get(i), double.class, double.class, component, key);
            }
            return out;
        }
        if (target == List.class) {
            if (!(v instanceof List<?> l)) {
                throw mistyped(component, key, target, v);
            }
            Type elem = generic instanceof ParameterizedType pt ? pt.getActualTypeArguments()[0] : Object.class;
            Class<?> elemClass = elem instanceof Class<?> c ? c
                    : elem instanceof ParameterizedType pt2 ? (Class<?>) pt2.getRawType() : Object.class;
            List<Object> out = new ArrayList<>(l.size());
            for (Object x : l) {
                out.add(convert(x, elemClass, elem, component, key));
            }
            return v instanceof Tuple ? Tuple.copyOf(out) : java.util.Collections.unmodifiableList(out);
        }
        if (target.isInstance(v)) {
            return v;
        }
        throw mistyped(component, key, target, v);
    }

    private static ConfigException mistyped(String component, String key, Class<?> target, Object v) {
        return new ConfigException(component + ": argument '" + key + "' expects " + describe(target)
                + ", got " + ConfigDict.describe(v));
    }

    private static String describe(Class<?> t) {
        if (t == int.class || t == Integer.class || t == long.class || t == Long.class) {
            return "an int";
        }
        if (t == double.class || t == Double.class || t == float.class || t == Float.class) {
            return "a number";
        }
        if (t == boolean.class || t == Boolean.class) {
            return "a bool";
        }
        if (t == String.class) {
            return "a string";
        }
        if (t == ConfigDict.class) {
            return "a dict";
        }
        if (t == List.class || t.isArray()) {
            return "a list or tuple";
        }
        return t.getSimpleName();
    }
}
