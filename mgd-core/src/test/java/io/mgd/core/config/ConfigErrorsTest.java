package io.mgd.core.config;

import static io.mgd.core.config.ConfigTestSupport.assertConfigError;
import static io.mgd.core.config.ConfigTestSupport.d;
import static io.mgd.core.config.ConfigTestSupport.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Bad files give one message naming the file (and line:col where there is one). */
class ConfigErrorsTest {

    private static String abs(String fixture) {
        return fixture(fixture).toAbsolutePath().normalize().toString();
    }

    @Test
    void pyParseErrorsCarryFileLineAndColumn() {
        String msg = assertConfigError(() -> Config.fromFile(fixture("errors/import.py")));
        assertEquals(abs("errors/import.py") + ":3:1: 'import' statement is not supported (a config may only "
                + "assign literal values; write the imported values out)", msg);
        assertConfigError(() -> Config.fromFile(fixture("errors/conditional.py")),
                abs("errors/conditional.py") + ":3:14: 'if' is not supported");
    }

    @Test
    void anErrorInABaseNamesTheBase() {
        assertConfigError(() -> Config.fromFile(fixture("errors/child_of_bad.py")), abs("errors/import.py") + ":3:1:");
    }

    @Test
    void missingBaseNamesDeclaringFileAndLookedForPath() {
        Path declaring = fixture("errors/missing_base.py").toAbsolutePath().normalize();
        assertEquals(declaring + ": _base_ file 'nope/missing.py' not found (looked for "
                + declaring.getParent().resolve("nope/missing.py") + ")",
                assertConfigError(() -> Config.fromFile(declaring)));
    }

    @Test
    void missingFileAndUnknownExtension() {
        Path missing = fixture("errors/import.py").resolveSibling("absent.py");
        assertConfigError(() -> Config.fromFile(missing), "config file not found: " + missing.toAbsolutePath());
        assertConfigError(() -> Config.fromFile(fixture("errors/config.toml")),
                abs("errors/config.toml") + ": unsupported config file type '.toml'; use .py, .json, .yaml or .yml");
    }

    @Test
    void circularBasesAreReported() {
        assertConfigError(() -> Config.fromFile(fixture("errors/cycle_a.py")), "circular _base_ inheritance: "
                + abs("errors/cycle_a.py") + " -> " + abs("errors/cycle_b.py") + " -> " + abs("errors/cycle_a.py"));
    }

    @Test
    void yamlAndJsonSyntaxErrorsHaveLocations() {
        assertConfigError(() -> Config.fromFile(fixture("errors/bad.yaml")), abs("errors/bad.yaml") + ":4:", "invalid YAML");
        assertConfigError(() -> Config.fromFile(fixture("errors/bad.json")), abs("errors/bad.json") + ":2:",
                "invalid JSON");
        assertConfigError(() -> Config.fromFile(fixture("errors/list_top.yaml")),
                abs("errors/list_top.yaml") + ": the top level of a config must be a mapping, got list");
    }

    @Test
    void reservedKeysAndBadBaseValues() {
        assertConfigError(() -> Config.fromFile(fixture("errors/reserved.py")),
                "reserved.py: 'text' is reserved and cannot be a top-level config key");
        assertConfigError(() -> Config.fromDict(d("filename", "x"), null),
                "config: 'filename' is reserved and cannot be a top-level config key");
        assertConfigError(() -> Config.fromFile(fixture("errors/base_type.py")),
                "base_type.py: _base_ must be a file name or a list of file names, got int 3");
    }
}
