package io.mgd.core.runner;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * Python's number formatting and {@code json.dumps} output, so logs read byte-for-byte like
 * mmcv's: {@code repr(float)} (shortest round-trip digits, {@code 1e-05}, {@code 0.1}),
 * {@code round(x, n)}, {@code '%.4f'} and {@code '%.3e'} (correct rounding of the exact binary
 * value, half-even on exact ties), and JSON with {@code ", "}/{@code ": "} separators and
 * {@code ensure_ascii}.
 */
public final class PyFormat {
    private PyFormat() {}

    /** Python {@code round(x, ndigits)} for a float. */
    public static double round(double x, int ndigits) {
        if (Double.isNaN(x) || Double.isInfinite(x) || x == 0) {
            return x;
        }
        double r = new BigDecimal(x).setScale(ndigits, RoundingMode.HALF_EVEN).doubleValue();
        return r == 0 && x < 0 ? -0.0 : r;
    }

    /** Python {@code repr(x)} for a float. */
    public static String repr(double x) {
        return io.mgd.core.util.PyText.floatRepr(x);
    }

    /** Python {@code f'{x:.{decimals}f}'}. */
    public static String fixed(double x, int decimals) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return repr(x);
        }
        String s = new BigDecimal(x).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        boolean negative = x < 0 || Double.doubleToRawLongBits(x) < 0;
        return negative && !s.startsWith("-") ? "-" + s : s;
    }

    /** Python {@code f'{x:.{decimals}e}'}. */
    public static String sci(double x, int decimals) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return repr(x);
        }
        String sign = x < 0 || Double.doubleToRawLongBits(x) < 0 ? "-" : "";
        if (x == 0) {
            return sign + "0." + "0".repeat(decimals) + "e+00";
        }
        BigDecimal r = new BigDecimal(Math.abs(x)).round(new MathContext(decimals + 1, RoundingMode.HALF_EVEN));
        String digits = r.unscaledValue().toString();
        int exp = digits.length() - r.scale() - 1;
        digits = (digits + "0".repeat(decimals + 1)).substring(0, decimals + 1);
        String mantissa = decimals == 0 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
    }

    /** Python {@code json.dumps(value)} with default options. */
    public static String json(Object value) {
        StringBuilder sb = new StringBuilder();
        writeJson(sb, value);
        return sb.toString();
    }

    private static void writeJson(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            sb.append(Double.isNaN(d) ? "NaN" : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity") : repr(d));
        } else if (v instanceof Number n) {
            sb.append(n.longValue());
        } else if (v instanceof CharSequence s) {
            writeString(sb, s.toString());
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                Object k = e.getKey();
                writeString(sb, k instanceof Double d ? repr(d) : String.valueOf(k));
                sb.append(": ");
                writeJson(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                writeJson(sb, l.get(i));
            }
            sb.append(']');
        } else {
            writeString(sb, v.toString());
        }
    }

    private static void writeString(StringBuilder sb, String s) {
        io.mgd.core.util.PyText.appendJsonString(sb, s);
    }
}
