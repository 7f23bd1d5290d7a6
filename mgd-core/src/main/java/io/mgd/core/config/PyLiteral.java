package io.mgd.core.config;

/**
 * Python literals as config values, both ways: {@link #parse} reads one expression in the
 * subset that {@code .py} configs use, {@link #repr} writes a value back.
 */
public final class PyLiteral {
    private PyLiteral() {}

    /**
     * Evaluates one Python expression: literals, {@code dict(...)}, {@code {...}}, lists, tuples
     * ({@code 1, 2} is a tuple, as in {@code eval}), arithmetic. There are no names to refer to.
     *
     * @return a config value: ConfigDict, List, Tuple, String, Long, Double, Boolean or null
     * @throws ConfigException {@code <expression>:line:col: ...} when the text is not such an
     *     expression
     */
    public static Object parse(String expression) {
        return PyConfigParser.parseExpression(expression, "<expression>");
    }

    /**
     * The value as a one-line Python literal ({@code dict(type='BN', requires_grad=True)},
     * {@code (3,)}, {@code 7e-05}) that {@link #parse} reads back to an equal value.
     */
    public static String repr(Object value) {
        return PyFormatter.repr(ConfigDict.normalize(value));
    }
}
