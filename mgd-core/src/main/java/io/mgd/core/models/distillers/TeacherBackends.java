package io.mgd.core.models.distillers;

import io.mgd.core.config.ConfigException;
import io.mgd.core.engine.onnx.OnnxTeacherBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Chooses the teacher backend from a distiller's {@code teacher_backend}/{@code teacher_onnx}. */
final class TeacherBackends {
    /** The DJL teacher module (the default). */
    static final String DJL = "djl";
    /** An exported teacher on ONNX Runtime. */
    static final String ONNXRUNTIME = "onnxruntime";

    private TeacherBackends() {}

    /**
     * @param djl the distiller's own hook-based teacher forward
     * @param type the distiller type, for messages
     */
    static TeacherBackend create(DistillerSpec spec, List<DistillLocation> locations, TeacherBackend djl, String type) {
        String kind = spec.teacherBackend() == null ? DJL : spec.teacherBackend();
        switch (kind) {
            case DJL:
                if (spec.teacherOnnx() != null) {
                    throw new ConfigException(type + ": teacher_onnx is set but teacher_backend is 'djl'; set "
                            + "teacher_backend='onnxruntime' to run the teacher from '" + spec.teacherOnnx() + "'");
                }
                return djl;
            case ONNXRUNTIME:
                if (spec.teacherOnnx() == null || spec.teacherOnnx().isEmpty()) {
                    throw new ConfigException(type + ": teacher_backend='onnxruntime' needs teacher_onnx, the teacher "
                            + "exported with its hooked modules as outputs");
                }
                List<String> paths = new ArrayList<>();
                for (int i = 0; i < locations.size(); i++) {
                    DistillLocation loc = locations.get(i);
                    if (!loc.outputHook()) {
                        throw new ConfigException(type + ": distill_cfg[" + i + "] hooks the input of '"
                                + loc.teacherModule() + "' (output_hook=False), which teacher_backend='onnxruntime' "
                                + "cannot give; it exports module outputs only");
                    }
                    paths.add(loc.teacherModule());
                }
                return OnnxTeacherBackend.open(Path.of(spec.teacherOnnx()), paths, List.of());
            default:
                throw new ConfigException(type + ": teacher_backend '" + kind + "' is not supported; use '" + DJL
                        + "' or '" + ONNXRUNTIME + "'");
        }
    }
}
