package io.mgd.core.apis;

import ai.djl.engine.Engine;
import java.util.LinkedHashMap;
import java.util.Map;

/** mmcv {@code collect_env}: the lines logged first and saved as {@code meta.env_info}. */
public final class EnvInfo {
    private EnvInfo() {}

    /** {@code key: value} lines describing this machine and the engine. */
    public static String collect() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("sys.platform", System.getProperty("os.name").toLowerCase() + " " + System.getProperty("os.arch"));
        env.put("Java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        env.put("CPU cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        Engine e = Engine.getInstance();
        env.put("Engine", e.getEngineName() + " " + e.getVersion());
        env.put("GPUs", Integer.toString(e.getGpuCount()));
        env.put("DJL", ai.djl.engine.Engine.getDjlVersion());
        env.put("mgd-java", version());
        StringBuilder sb = new StringBuilder();
        env.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "\n").append(k).append(": ").append(v));
        return sb.toString();
    }

    /** The project version from the jar manifest, or "dev". */
    public static String version() {
        String v = EnvInfo.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }
}
