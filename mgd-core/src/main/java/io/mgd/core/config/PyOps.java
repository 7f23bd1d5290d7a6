package io.mgd.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Python's arithmetic on config values: {@code + - * / // % **} on ints and floats, {@code +} on
 * strings, lists and tuples, and {@code *} between a sequence and an int. Ints are 64-bit here, so
 * an overflow is an error where Python would grow the int. Failures throw
 * {@link IllegalArgumentException} with Python's wording; the parser adds the location.
 */
final class PyOps {
    private static final Pattern INT = Pattern.compile("[+-]?\\d(?:_?\\d)*");
    private static final Pattern FLOAT = Pattern.compile("[+-]?(?:\\d(?:_?\\d)*(?:\\.(?:\\d(?:_?\\d)*)?)?"
            + "|\\.\\d(?:_?\\d)*)(?:[eE][+-]?\\d(?:_?\\d)*)?");
    private static final Pattern SPECIAL = Pattern.compile("([+-]?)(inf|infinity|nan)", Pattern.CASE_INSENSITIVE);

    private PyOps() {}

    /**
     * Python's {@code int(s)} for a stripped string: digits with single underscores and a sign.
     * Returns null when Python would raise ValueError.
     *
     * @throws IllegalArgumentException when the int does not fit in 64 bits
     */
    static Long parseInt(String s) {
        if (!INT.matcher(s).matches()) {
            return null;
        }
        try {
            return Long.parseLong(s.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("integer '" + s + "' is too large (ints must fit in 64 bits)");
        }
    }

    /** Python's {@code float(s)} for a stripped string, or null when Python would raise. */
    static Double parseFloat(String s) {
        if (FLOAT.matcher(s).matches()) {
            return Double.parseDouble(s.replace("_", ""));
        }
        var m = SPECIAL.matcher(s);
        if (m.matches()) {
            boolean neg = m.group(1).equals("-");
            return m.group(2).equalsIgnoreCase("nan") ? Double.NaN
                    : neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return null;
    }

    static Object binary(String op, Object a, Object b) {
        if (isNum(a) && isNum(b)) {
            return (a instanceof Long x && b instanceof Long y) ? intOp(op, x, y) : floatOp(op, dbl(a), dbl(b));
        }
        if (op.equals("+")) {
            if (a instanceof String x && b instanceof String y) {
                return x + y;
            }
            if (a instanceof Tuple x && b instanceof Tuple y) {
                List<Object> out = new ArrayList<>(x);
                out.addAll(y);
                return Tuple.copyOf(out);
            }
            if (a instanceof List<?> x && !(a instanceof Tuple) && b instanceof List<?> y && !(b instanceof Tuple)) {
                List<Object> out = new ArrayList<>(x);
                out.addAll(y);
                return out;
            }
        }
        if (op.equals("*")) {
            if (b instanceof Long n && isSeq(a)) {
                return repeat(a, n);
            }
            if (a instanceof Long n && isSeq(b)) {
                return repeat(b, n);
            }
        }
        throw new IllegalArgumentException("unsupported operand types for " + op + ": '" + typeName(a)
                + "' and '" + typeName(b) + "'");
    }

    static Object unary(String op, Object v) {
        if (v instanceof Long x) {
            return op.equals("-") ? Math.negateExact(x) : x;
        }
        if (v instanceof Double x) {
            return op.equals("-") ? -x : x;
        }
        throw new IllegalArgumentException("bad operand type for unary " + op + ": '" + typeName(v) + "'");
    }

    /** Python's type name for an error message. */
    static String typeName(Object v) {
        if (v == null) {
            return "NoneType";
        }
        if (v instanceof ConfigDict) {
            return "dict";
        }
        if (v instanceof Tuple) {
            return "tuple";
        }
        if (v instanceof List) {
            return "list";
        }
        if (v instanceof String) {
            return "str";
        }
        if (v instanceof Long) {
            return "int";
        }
        if (v instanceof Double) {
            return "float";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        return v.getClass().getSimpleName();
    }

    private static boolean isNum(Object v) {
        return v instanceof Long || v instanceof Double;
    }

    private static boolean isSeq(Object v) {
        return v instanceof String || v instanceof List;
    }

    private static double dbl(Object v) {
        return ((Number) v).doubleValue();
    }

    private static Object intOp(String op, long a, long b) {
        try {
            return switch (op) {
                case "+" -> Math.addExact(a, b);
                case "-" -> Math.subtractExact(a, b);
                case "*" -> Math.multiplyExact(a, b);
                case "/" -> floatOp(op, a, b);
                case "//" -> Math.floorDiv(a, nonZero(b, "integer division or modulo by zero"));
                case "%" -> Math.floorMod(a, nonZero(b, "integer division or modulo by zero"));
                case "**" -> b < 0 ? floatOp(op, a, b) : intPow(a, b);
                default -> throw new IllegalArgumentException("operator '" + op + "' is not supported");
            };
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("integer overflow in " + a + " " + op + " " + b
                    + " (ints must fit in 64 bits)");
        }
    }

    private static long nonZero(long b, String message) {
        if (b == 0) {
            throw new IllegalArgumentException(message);
        }
        return b;
    }

    private static long intPow(long base, long exp) {
        long result = 1;
        for (long i = 0; i < exp; i++) {
            result = Math.multiplyExact(result, base);
            if (result == 0 || result == 1) {
                break; // 0**n and 1**n stay put; no need to loop a huge exponent
            }
        }
        return base == -1 ? (exp % 2 == 0 ? 1 : -1) : result;
    }

    private static Object floatOp(String op, double a, double b) {
        switch (op) {
            case "+":
                return a + b;
            case "-":
                return a - b;
            case "*":
                return a * b;
            case "/":
                if (b == 0) {
                    throw new IllegalArgumentException("division by zero");
                }
                return a / b;
            case "//":
                if (b == 0) {
                    throw new IllegalArgumentException("float floor division by zero");
                }
                return Math.floor(a / b);
            case "%":
                if (b == 0) {
                    throw new IllegalArgumentException("float modulo");
                }
                double mod = a % b;
                // Python's result takes the sign of the divisor.
                return (mod != 0 && (mod < 0) != (b < 0)) ? mod + b : mod;
            case "**":
                if (a == 0 && b < 0) {
                    throw new IllegalArgumentException("0.0 cannot be raised to a negative power");
                }
                return Math.pow(a, b);
            default:
                throw new IllegalArgumentException("operator '" + op + "' is not supported");
        }
    }

    private static Object repeat(Object seq, long n) {
        if (n > 1_000_000) {
            throw new IllegalArgumentException("sequence repeat count " + n + " is too large");
        }
        int times = (int) Math.max(0, n);
        if (seq instanceof String s) {
            return s.repeat(times);
        }
        List<?> items = (List<?>) seq;
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            items.forEach(x -> out.add(ConfigDict.deepCopyValue(x)));
        }
        return seq instanceof Tuple ? Tuple.copyOf(out) : out;
    }
}
