package io.mgd.seg.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.inject.Guice;
import com.google.inject.Module;
import io.mgd.core.registry.Registries;
import io.mgd.core.testing.Fixtures;
import io.mgd.seg.SegRegistryModule;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shared helpers of the mgd-seg tests. */
public final class SegTesting {
    private SegTesting() {}

    /** Registries holding the seg components plus any test-only modules. */
    public static Registries registries(Module... extra) {
        List<Module> modules = new ArrayList<>();
        modules.add(new SegRegistryModule());
        modules.addAll(List.of(extra));
        return Guice.createInjector(modules).getInstance(Registries.class);
    }

    /** Every tensor of a bundle whose name starts with {@code prefix}, prefix stripped, in file order. */
    public static Map<String, NDArray> tensors(NDManager manager, Class<?> testClass, String bundle, String prefix) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        Iterator<String> names = Fixtures.meta(testClass, bundle, "tensors").fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (n.startsWith(prefix)) {
                out.put(n.substring(prefix.length()), Fixtures.load(manager, testClass, bundle + "/" + n));
            }
        }
        return out;
    }

    /** The strings of a JSON array. */
    public static List<String> strings(com.fasterxml.jackson.databind.JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
