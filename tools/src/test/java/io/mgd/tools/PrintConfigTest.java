package io.mgd.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgd.core.config.Config;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** print_config: stdout carries only the config, errors are one stderr line with exit code 2. */
class PrintConfigTest {
    @TempDir
    Path dir;
    private Path child;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void writeConfigs() throws IOException {
        Files.writeString(dir.resolve("base.yaml"), """
                model:
                  type: ResNet
                  depth: 18
                  out_indices: !!python/tuple [3]
                optimizer_config: {grad_clip: null}
                """);
        child = dir.resolve("child.py");
        Files.writeString(child, """
                _base_ = 'base.yaml'
                _deprecation_ = dict(expected='other.py')
                alpha_mgd = 0.00007
                optimizer_config = dict(_delete_=True, grad_clip=dict(max_norm=5, norm_type=2))
                """);
    }

    private int run(String... args) {
        return PrintConfig.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void jsonIsExactlyOneObjectWithOptionsApplied() throws IOException {
        assertEquals(0, run(child.toString(), "--format", "json", "--cfg-options", "model.depth=50", "extra=[1,2]"));
        JsonNode node = new ObjectMapper().readTree(out.toString());
        assertEquals("{\"model\":{\"type\":\"ResNet\",\"depth\":50,\"out_indices\":[3]},"
                + "\"optimizer_config\":{\"grad_clip\":{\"max_norm\":5,\"norm_type\":2}},"
                + "\"alpha_mgd\":7.0E-5,\"extra\":[1,2]}", node.toString());
        assertEquals(1, out.toString().strip().lines().count());
        assertEquals("", err.toString());
    }

    @Test
    void pyAndYamlMatchTheLibraryOutput() {
        Config cfg = Config.load(child, List.of("model.depth=34"));
        assertEquals(0, run(child.toString(), "--cfg-options", "model.depth=34"));
        assertEquals(cfg.prettyText(), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run(child.toString(), "--options", "model.depth=34", "--format", "YAML"));
        assertEquals(cfg.toYaml(), out.toString());
    }

    private void assertOneLineError(String... fragments) {
        String e = err.toString();
        assertTrue(e.startsWith("print_config: "), e);
        assertEquals(1, e.lines().count(), e);
        for (String f : fragments) {
            assertTrue(e.contains(f), e + " lacks " + f);
        }
        assertEquals("", out.toString());
    }

    @Test
    void badConfigsAndArgumentsExitTwoWithOneLine() throws IOException {
        assertEquals(2, run(dir.resolve("absent.py").toString()));
        assertOneLineError("config file not found: " + dir.resolve("absent.py"));

        err.getBuffer().setLength(0);
        Path bad = dir.resolve("bad.py");
        Files.writeString(bad, "model = dict(\n    type='A',\n    depth=foo(1))\n");
        assertEquals(2, run(bad.toString()));
        assertOneLineError(bad + ":3:11: function call 'foo(...)' is not supported");

        err.getBuffer().setLength(0);
        assertEquals(2, run(child.toString(), "--cfg-options", "model.depth"));
        assertOneLineError("'model.depth' is not KEY=VALUE");

        err.getBuffer().setLength(0);
        assertEquals(2, run(child.toString(), "--format", "toml"));
        assertOneLineError("--format", "toml");

        err.getBuffer().setLength(0);
        assertEquals(2, run());
        assertOneLineError("CONFIG");
    }
}
