package io.mgd.core.config;

import static io.mgd.core.config.ConfigTestSupport.assertConfigEquals;
import static io.mgd.core.config.ConfigTestSupport.d;
import static io.mgd.core.config.ConfigTestSupport.l;
import static io.mgd.core.config.ConfigTestSupport.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The .py reader on its own: literal syntax, Python semantics, and located errors. */
class PyConfigParserTest {

    private static ConfigDict parse(String src) {
        return PyConfigParser.parseModule(src, "t.py");
    }

    private static void assertError(String src, String message) {
        ConfigException ex = assertThrows(ConfigException.class, () -> parse(src));
        assertEquals(message, ex.getMessage());
    }

    @Test
    void stringLiteralsFollowPythonRules() {
        ConfigDict c = parse("""
                a = 'single'
                b = "dou'ble"
                c = '''tri
                ple'''
                e = 'tab\\there\\n\\x41\\u00e9\\N{GREEK SMALL LETTER ALPHA}\\101\\d'
                f = r'\\d+\\.(jpg|png)'
                g = r'it\\'s'
                h = ('data/'
                     'coco/'  # adjacent literals join
                     "train")
                i = u'unicode' + 'x'
                j = 'line \\
                joined'
                """);
        assertConfigEquals(d("a", "single", "b", "dou'ble", "c", "tri\nple",
                "e", "tab\there\nAé\u03b1A\\d", "f", "\\d+\\.(jpg|png)", "g", "it\\'s",
                "h", "data/coco/train", "i", "unicodex", "j", "line joined"), c);
    }

    @Test
    void numbersAndArithmeticFollowPython() {
        ConfigDict c = parse("""
                a = 1e-4
                b = 0.
                c = .5
                d = 1_000
                e = 0x1F + 0o17 + 0b101
                f = -3
                g = +2
                h = 10 / 4
                i = 7 // 2
                j = -7 // 2
                k = -7 % 3
                l = 7.5 % -2
                m = 2 ** 10
                n = 2 ** -1
                o = (1 + 2) * 3 - 4
                p = 1 + 2.0
                q = 4 / 2
                r = -2 ** 2
                s = 0.1 * 3
                """);
        assertConfigEquals(d("a", 1e-4, "b", 0.0, "c", 0.5, "d", 1000, "e", 31 + 15 + 5, "f", -3, "g", 2,
                "h", 2.5, "i", 3, "j", -4, "k", 2, "l", -0.5, "m", 1024, "n", 0.5, "o", 5, "p", 3.0,
                "q", 2.0, "r", -4, "s", 0.1 * 3), c);
    }

    @Test
    void containersTuplesAndSequenceOperators() {
        ConfigDict c = parse("""
                a = (3,)
                b = ()
                c = 1, 2
                d = 1,
                e = (1, 2,)
                f = [1, 'x', None, True, False, [2, (3, 4)],]
                g = [0] * 3
                h = 2 * [dict(a=1)]
                i = [1] + [2]
                j = (1,) + (2, 3)
                k = 'ab' * 2
                l = {}
                m = dict()
                n = {'a-b': 1, 'c': {'d': []}}
                """);
        assertConfigEquals(d("a", t(3), "b", t(), "c", t(1, 2), "d", t(1), "e", t(1, 2),
                "f", l(1, "x", null, true, false, l(2, t(3, 4))), "g", l(0, 0, 0),
                "h", l(d("a", 1), d("a", 1)), "i", l(1, 2), "j", t(1, 2, 3), "k", "abab",
                "l", d(), "m", d(), "n", d("a-b", 1, "c", d("d", l()))), c);
    }

    @Test
    void dictKwargsAndDisplaysMergeLikePython() {
        ConfigDict c = parse("""
                norm = dict(mean=[1, 2], std=[3, 4], to_rgb=True)
                a = dict(type='Normalize', **norm)
                b = {**norm, 'to_rgb': False, 'extra': 1}
                c = dict(norm, to_rgb=False)
                d = {'x': 1, 'x': 2, 'y': 3}
                """);
        assertConfigEquals(d("type", "Normalize", "mean", l(1, 2), "std", l(3, 4), "to_rgb", true), c.get("a"));
        assertConfigEquals(d("mean", l(1, 2), "std", l(3, 4), "to_rgb", false, "extra", 1), c.get("b"));
        assertConfigEquals(d("mean", l(1, 2), "std", l(3, 4), "to_rgb", false), c.get("c"));
        assertConfigEquals(d("x", 2, "y", 3), c.get("d"));
    }

    @Test
    void namesAreCopiedKeptInOrderAndDunderNamesDropped() {
        ConfigDict c = parse("""
                # leading comment

                __author__ = 'x'
                alpha_mgd = 0.00007
                _base_ = ['a.py']
                loss = dict(alpha_mgd=alpha_mgd, steps=[1]); other = loss
                alpha_mgd = 2e-5
                x = y = [1]
                mean = loss['steps'][-1]
                inf = float('inf'); ninf = -float('-inf'); three = float('3')
                w = 1 + \\
                    2
                """.replace("\n", "\r\n"));
        assertConfigEquals(d("alpha_mgd", 2e-5, "_base_", l("a.py"),
                "loss", d("alpha_mgd", 0.00007, "steps", l(1)), "other", d("alpha_mgd", 0.00007, "steps", l(1)),
                "x", l(1), "y", l(1), "mean", 1, "inf", Double.POSITIVE_INFINITY,
                "ninf", Double.POSITIVE_INFINITY, "three", 3.0, "w", 3), c);
        assertNotSame(c.get("loss"), c.get("other"));
        assertNotSame(c.get("x"), c.get("y"));
    }

    @Test
    void docstringsAndExpressionStatementsAreIgnored() {
        assertConfigEquals(d("a", 1), parse("\"\"\"Config docstring.\"\"\"\na = 1\n'x'\n"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "import os|t.py:1:1: 'import' statement is not supported (a config may only assign literal values; write the imported values out)",
        "a = 1\\nfrom x import y|t.py:2:1: 'from' statement is not supported (a config may only assign literal values; write the imported values out)",
        "a = foo(1)|t.py:1:5: function call 'foo(...)' is not supported",
        "a = dict()\\na.b = 1|t.py:2:5: assignment to 'a.b' is not supported (only 'name = value')",
        "a = dict()\\nb = a.x|t.py:2:6: attribute access '.x' is not supported",
        "a = 1 == 1|t.py:1:7: operator '==' is not supported",
        "a = 1 if x else 2|t.py:1:7: 'if' is not supported",
        "a = [x for x in y]|t.py:1:6: name 'x' is not defined",
        "a = [1 for x in y]|t.py:1:8: 'for' is not supported",
        "a = lambda: 1|t.py:1:5: 'lambda' is not supported",
        "def f():\\n    pass|t.py:1:1: 'def' statement is not supported",
        "a = b|t.py:1:5: name 'b' is not defined",
        "a = 'abc|t.py:1:5: unterminated string literal",
        "a = '''abc|t.py:1:5: unterminated triple-quoted string literal",
        "a = dict(\\n  x=[1,\\n  2)|t.py:3:4: closing parenthesis ')' does not match opening parenthesis '[' on line 2",
        "a = dict(x=1,\\n|t.py:1:9: '(' was never closed",
        "a = 1\\n  b = 2|t.py:2:3: unexpected indent (config files have no indented blocks)",
        "a = f'{x}'|t.py:1:5: f-string is not supported",
        "a = b'x'|t.py:1:5: bytes literal is not supported",
        "a = {1, 2}|t.py:1:6: set literal is not supported",
        "a = {1: 2}|t.py:1:6: dict key int is not supported (keys must be strings)",
        "a = 1\\na += 1|t.py:2:3: augmented assignment '+=' is not supported",
        "a, b = 1, 2|t.py:1:6: assignment to 'a, b' is not supported (only 'name = value')",
        "a = 'x' + 1|t.py:1:9: unsupported operand types for +: 'str' and 'int'",
        "a = [1] + (2,)|t.py:1:9: unsupported operand types for +: 'list' and 'tuple'",
        "a = 1 / 0|t.py:1:7: division by zero",
        "a = 9223372036854775807 + 1|t.py:1:25: integer overflow in 9223372036854775807 + 1 (ints must fit in 64 bits)",
        "a = 99999999999999999999|t.py:1:5: integer literal '99999999999999999999' is too large (ints must fit in 64 bits)",
        "a = 012|t.py:1:5: leading zeros in decimal integer literals are not permitted ('012')",
        "a = 1j|t.py:1:5: complex number literal '1j' is not supported",
        "a = 1 $ 2|t.py:1:7: invalid character '$' (U+0024)",
        "a = dict(x=1, x=2)|t.py:1:15: dict() got multiple values for keyword argument 'x'",
        "b = dict(x=1)\\na = dict(x=2, **b)|t.py:2:15: dict() got multiple values for keyword argument 'x'",
        "a = dict(**[1])|t.py:1:10: '**' needs a dict, got list",
        "a = [1][5]|t.py:1:8: IndexError: list index 5 out of range",
        "a = dict(x=1)['y']|t.py:1:14: KeyError: key 'y' not found",
        "a = [1][0:1]|t.py:1:10: slicing is not supported",
        "a = (1 2)|t.py:1:8: invalid syntax: expected ',' or ')', found '2'",
        "a = 1 2|t.py:1:7: invalid syntax: expected end of line, found '2'",
        "a =|t.py:1:4: invalid syntax: expected a value, found end of line",
        "del a|t.py:1:1: 'del' statement is not supported",
        "a = [*b]|t.py:1:6: '*' unpacking is not supported here",
        "a = 1 \\ 2|t.py:1:7: unexpected character after line continuation character",
        "a = '\\x4'|t.py:1:6: truncated \\xXX escape",
    })
    void unsupportedOrInvalidSourceNamesFileLineAndColumn(String src, String message) {
        assertError(src.replace("\\n", "\n"), message);
    }

    @Test
    void pyLiteralParsesOneExpression() {
        assertConfigEquals(d("type", "BN", "requires_grad", true), PyLiteral.parse("dict(type='BN', requires_grad=True)"));
        assertConfigEquals(t(1, 2), PyLiteral.parse(" 1, 2 "));
        assertConfigEquals(l(t(1, 2), l(3)), PyLiteral.parse("[(1, 2),\n [3]]"));
        assertEquals(7e-5, PyLiteral.parse("7e-5"));
        assertEquals("<expression>:1:3: assignment '=' is not allowed in an expression",
                assertThrows(ConfigException.class, () -> PyLiteral.parse("a = 1")).getMessage());
        assertEquals("<expression>:1:1: name 'x' is not defined",
                assertThrows(ConfigException.class, () -> PyLiteral.parse("x")).getMessage());
    }
}
