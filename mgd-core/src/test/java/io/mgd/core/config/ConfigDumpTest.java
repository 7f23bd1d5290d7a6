package io.mgd.core.config;

import static io.mgd.core.config.ConfigTestSupport.assertConfigEquals;
import static io.mgd.core.config.ConfigTestSupport.assertConfigError;
import static io.mgd.core.config.ConfigTestSupport.d;
import static io.mgd.core.config.ConfigTestSupport.fixture;
import static io.mgd.core.config.ConfigTestSupport.l;
import static io.mgd.core.config.ConfigTestSupport.t;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** prettyText, JSON and YAML output: exact text for small trees, lossless round trips for real ones. */
class ConfigDumpTest {

    private static Config small() {
        return Config.fromDict(d(
                "model", d("type", "ResNet", "depth", 18, "out_indices", t(3),
                        "norm_cfg", d("type", "BN", "requires_grad", true), "init_cfg", null),
                "alpha_mgd", 7e-5,
                "workflow", l(t("train", 1)),
                "keys", d("a-b", 1, "class", l()),
                "empty", d(),
                "quote", "it's",
                "big", 1e16,
                "inf", Double.NEGATIVE_INFINITY), null);
    }

    @Test
    void prettyTextIsOneAssignmentPerKeyBrokenWhenLong() {
        assertEquals("""
                model = dict(
                    type='ResNet',
                    depth=18,
                    out_indices=(3,),
                    norm_cfg=dict(type='BN', requires_grad=True),
                    init_cfg=None,
                )
                alpha_mgd = 7e-05
                workflow = [('train', 1)]
                keys = {'a-b': 1, 'class': []}
                empty = dict()
                quote = "it's"
                big = 1e+16
                inf = -float('inf')
                """, small().prettyText());
    }

    @Test
    void jsonIsOneObjectInPythonJsonDumpsStyle() {
        Config cfg = Config.fromDict(d("a", l(1, 2.5), "t", t(3), "f", 7e-5, "s", "é\"\\\n", "n", null, "b", true,
                "nan", Double.NaN), null);
        assertEquals("{\"a\": [1, 2.5], \"t\": [3], \"f\": 7e-05, \"s\": \"\\u00e9\\\"\\\\\\n\", \"n\": null, "
                + "\"b\": true, \"nan\": NaN}", cfg.toJson());
    }

    @Test
    void yamlTagsTuplesAndKeepsOrder() {
        assertEquals("""
                model:
                  type: ResNet
                  depth: 18
                  out_indices: !!python/tuple [3]
                  norm_cfg:
                    type: BN
                    requires_grad: true
                  init_cfg: null
                alpha_mgd: 7.0e-05
                workflow:
                - !!python/tuple [train, 1]
                keys:
                  a-b: 1
                  class: []
                empty: {}
                quote: it's
                big: 1.0e+16
                inf: -.inf
                """, small().toYaml());
    }

    private static List<Path> realConfigs() {
        return List.of(fixture("mmcls/distillers/mgd/res34_distill_res18_img.py"), fixture("mixed/child.json"),
                fixture("baseref/child.py"), fixture("delete/child.py"), fixture("kwargs/config.py"));
    }

    @Test
    void everyFormatReadsBackToTheSameTree() {
        List<Config> configs = new ArrayList<>(realConfigs().stream().map(Config::fromFile).toList());
        configs.add(small());
        for (Config cfg : configs) {
            assertConfigEquals(cfg.dict(), PyConfigParser.parseModule(cfg.prettyText(), "pretty.py"));
            assertConfigEquals(cfg.dict(), ConfigFormats.readYaml(cfg.toYaml(), "dump.yaml"));
            // JSON has no tuples, so they come back as lists, as with mmcv.
            assertConfigEquals(tuplesToLists(cfg.dict()), ConfigFormats.readJson(cfg.toJson(), "dump.json"));
        }
    }

    private static Object tuplesToLists(Object v) {
        if (v instanceof Map<?, ?> m) {
            ConfigDict out = new ConfigDict();
            m.forEach((k, x) -> out.put((String) k, tuplesToLists(x)));
            return out;
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(x -> out.add(tuplesToLists(x)));
            return out;
        }
        return v;
    }

    @ParameterizedTest
    @ValueSource(strings = {"out.py", "out.json", "out.yaml", "out.yml"})
    void dumpWritesTheFormatItsSuffixNames(String name, @TempDir Path dir) throws IOException {
        Config cfg = Config.fromFile(fixture("mixed/child.py"));
        Path out = dir.resolve(name);
        cfg.dump(out);
        String text = Files.readString(out);
        String expected = name.endsWith(".py") ? cfg.prettyText() : name.endsWith(".json") ? cfg.toJson() : cfg.toYaml();
        assertEquals(expected, text);
        Object dumped = Config.fromFile(out).dict();
        assertConfigEquals(name.endsWith(".json") ? tuplesToLists(cfg.dict()) : cfg.dict(), dumped);
    }

    @Test
    void dumpRejectsUnknownSuffixAndPrettyTextNonIdentifierTopKeys(@TempDir Path dir) {
        assertConfigError(() -> small().dump(dir.resolve("out.txt")), "cannot dump a config as '.txt'");
        assertConfigError(() -> Config.fromDict(d("my-key", 1), null).prettyText(),
                "top-level key 'my-key' cannot be written as a Python variable");
    }

    @ParameterizedTest
    @CsvSource({
        "0.1, 0.1", "0.0001, 0.0001", "7e-5, 7e-05", "1e16, 1e+16", "1e15, 1000000000000000.0",
        "123.675, 123.675", "0.30000000000000004, 0.30000000000000004", "2.5e-7, 2.5e-07", "1.0, 1.0",
        "-0.0, -0.0", "4.9e-324, 5e-324", "1.7976931348623157e308, 1.7976931348623157e+308", "100.0, 100.0",
        "12345678901234567.0, 1.2345678901234568e+16", "-1.5, -1.5", "0.001, 0.001"})
    void floatsPrintLikePythonRepr(double value, String repr) {
        assertEquals(repr, PyFormatter.floatRepr(value));
        assertEquals(value, (Double) PyLiteral.parse(repr));
    }

    @Test
    void yamlFloatsKeepADotSoPyYamlReadsFloats() {
        assertEquals("1.0e-05", ConfigFormats.yamlFloat(1e-5));
        assertEquals("1.0e+16", ConfigFormats.yamlFloat(1e16));
        assertEquals("0.5", ConfigFormats.yamlFloat(0.5));
        assertEquals(".nan", ConfigFormats.yamlFloat(Double.NaN));
    }

    @Test
    void stringsAndValuesReprLikePython() {
        assertEquals("\"it's\"", PyLiteral.repr("it's"));
        assertEquals("'a\\'b\"c'", PyLiteral.repr("a'b\"c"));
        assertEquals("'tab\\t\\\\ é \\x01'", PyLiteral.repr("tab\t\\ é \u0001"));
        assertEquals("dict(type='BN', requires_grad=True)", PyLiteral.repr(d("type", "BN", "requires_grad", true)));
        assertEquals("[(3,), (), None, 1, 2.0]", PyLiteral.repr(l(t(3), t(), null, 1, 2.0)));
        for (String s : List.of("it's", "a'b\"c", "tab\t\\ é \u0001", "\u2028x")) {
            assertEquals(s, PyLiteral.parse(PyLiteral.repr(s)));
        }
    }
}
