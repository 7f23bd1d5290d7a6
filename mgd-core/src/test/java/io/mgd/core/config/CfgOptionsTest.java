package io.mgd.core.config;

import static io.mgd.core.config.ConfigTestSupport.assertConfigEquals;
import static io.mgd.core.config.ConfigTestSupport.assertConfigError;
import static io.mgd.core.config.ConfigTestSupport.d;
import static io.mgd.core.config.ConfigTestSupport.l;
import static io.mgd.core.config.ConfigTestSupport.t;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --cfg-options: DictAction value parsing and merge_from_dict with list indices. */
class CfgOptionsTest {

    private static Object value(String v) {
        return CfgOptions.parseOptions(List.of("k=" + v)).get("k");
    }

    @Test
    void scalarsAreIntThenFloatThenBoolElseString() {
        assertConfigEquals(1, value("1"));
        assertConfigEquals(-1, value("-1"));
        assertConfigEquals(1000, value("1_000"));
        assertConfigEquals(10, value("010"));
        assertConfigEquals(0.5, value("0.5"));
        assertConfigEquals(1e-4, value("1e-4"));
        assertConfigEquals(0.5, value(".5"));
        assertConfigEquals(5.0, value("5."));
        assertConfigEquals(Double.POSITIVE_INFINITY, value("inf"));
        assertConfigEquals(Double.NaN, value("nan"));
        assertConfigEquals(true, value("True"));
        assertConfigEquals(false, value("FALSE"));
        assertConfigEquals("None", value("None"));
        assertConfigEquals("0x10", value("0x10"));
        assertConfigEquals("", value(""));
        assertConfigEquals("x=y", value("x=y"));
        assertConfigEquals("SyncBN", value("'SyncBN'"));
        assertConfigEquals("ab", value("\"a b\""));
        assertConfigEquals("ab", value("a\tb"));
    }

    @Test
    void commasAndBracketsBuildListsAndTuples() {
        assertConfigEquals(l(1, 2), value("1,2"));
        assertConfigEquals(l(1), value("1,"));
        assertConfigEquals(l("a", "b"), value("[a, b]"));
        assertConfigEquals(l(1, 2), value("'[1, 2]'"));
        assertConfigEquals(t(1, 2), value("(1,2)"));
        assertConfigEquals(t(3), value("(3,)"));
        assertConfigEquals(l(t(1, 2), l(3)), value("[(1,2),[3]]"));
        assertConfigEquals(l(t(1, 2, 3), l("a", "b"), "c"), value("[(1, 2, 3), [a, b], c]"));
        assertConfigEquals(l(), value("[]"));
        assertConfigEquals(t(), value("()"));
        assertConfigEquals(l(0.01, 0.001), value("1e-2,1e-3"));
        assertConfigEquals(l("x", true, 3), value("[x,true,3]"));
        assertConfigEquals(t(l(1), "a"), CfgOptions.parseValue("([1],a)"));
    }

    @Test
    void keysSplitAtTheFirstEqualsAndLaterPairsWin() {
        Map<String, Object> opts = CfgOptions.parseOptions(List.of("a.b=1", "c=x=1", "a.b=2"));
        assertEquals(List.of("a.b", "c"), List.copyOf(opts.keySet()));
        assertConfigEquals(2, opts.get("a.b"));
        assertConfigEquals("x=1", opts.get("c"));
    }

    @Test
    void malformedArgumentsAreNamed() {
        assertConfigError(() -> CfgOptions.parseOptions(List.of("model.depth")),
                "--cfg-options: 'model.depth' is not KEY=VALUE (no '=')");
        assertConfigError(() -> CfgOptions.parseOptions(List.of("=1")), "--cfg-options: '=1' has an empty key");
        assertConfigError(() -> CfgOptions.parseOptions(List.of("a=[1,[2,3]")), "'a=[1,[2,3]'", "unbalanced brackets");
        assertConfigError(() -> CfgOptions.parseOptions(List.of("a=[1,2]x")), "'a=[1,2]x'", "around brackets");
    }

    private static Config base() {
        return Config.fromDict(d(
                "data", d("train", d("pipeline", l(d("type", "A"), d("type", "B", "size", 1)))),
                "model", d("depth", 18, "out_indices", t(3), "norm", d("type", "BN")),
                "lr", 0.1), null);
    }

    @Test
    void mergeFromDictFollowsDottedKeysAndListIndices() {
        Config cfg = base();
        cfg.mergeFromDict(CfgOptions.parseOptions(List.of("data.train.pipeline.1.type=X", "model.depth=50",
                "model.out_indices=(2,3)", "new.key.path=[1]", "lr=0.01", "data.train.pipeline.0=Y")));
        assertConfigEquals(d(
                "data", d("train", d("pipeline", l("Y", d("type", "X", "size", 1)))),
                "model", d("depth", 50, "out_indices", t(2, 3), "norm", d("type", "BN")),
                "lr", 0.01,
                "new", d("key", d("path", l(1)))), cfg.dict());
    }

    @Test
    void deleteFlagInOptionsReplacesTheDict() {
        Config cfg = base();
        cfg.mergeFromDict(CfgOptions.parseOptions(List.of("model._delete_=True", "model.type=Other")));
        assertConfigEquals(d("type", "Other"), cfg.dict().get("model"));
    }

    @Test
    void badPathsFailWithTheKey() {
        assertConfigError(() -> base().mergeFromDict(Map.of("data.train.pipeline.5.type", "X")),
                "--cfg-options: 'data.train.pipeline.5': index 5 is out of range for 'data.train.pipeline', "
                        + "a list of length 2");
        assertConfigError(() -> base().mergeFromDict(Map.of("data.train.pipeline.first", "X")),
                "'data.train.pipeline' is a list, so the next key must be an index, not 'first'");
        assertConfigError(() -> base().mergeFromDict(Map.of("model.depth.x", 1)),
                "--cfg-options: 'model.depth' is a dict in the child config but int 18 in the base config");
        assertConfigError(() -> base().mergeFromDict(Map.of("model.out_indices.0", 2)),
                "'model.out_indices' is a dict in the child config but tuple (3,) in the base config");
    }

    @Test
    void mergeDoesNotEditTheOptionsOrSharedBaseValues() {
        Config cfg = base();
        Object before = cfg.dict().get("data");
        String snapshot = before.toString();
        cfg.mergeFromDict(Map.of("data.train.pipeline.1.type", "X"));
        assertEquals(snapshot, before.toString());
    }
}
