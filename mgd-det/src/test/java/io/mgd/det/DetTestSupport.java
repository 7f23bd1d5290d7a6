package io.mgd.det;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.registry.RegistryKey;
import io.mgd.core.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A manager per test, the det registries, and fixture loading from this package. */
abstract class DetTestSupport {
    protected NDManager manager;
    protected BuildContext ctx;

    @BeforeEach
    void openManager() {
        manager = NDManager.newBaseManager();
        ctx = new BuildContext(Registries.load(), manager);
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    protected NDArray fx(String name) {
        return Fixtures.load(manager, DetTestSupport.class, name);
    }

    protected <T> T build(RegistryKey<T> key, ConfigDict cfg) {
        return ctx.build(key, cfg);
    }

    protected static void close(NDArray expected, NDArray actual, double atol) {
        Fixtures.assertAllClose(expected, actual, atol);
    }
}
