package io.mgd.core.engine.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.mgd.core.models.distillers.TeacherBackend;
import io.mgd.core.models.distillers.TeacherFeatures;
import io.mgd.core.util.MgdException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A frozen teacher run on ONNX Runtime: the teacher exported with {@code --outputs <teacher module
 * paths>} ({@link ExportOptions#outputs}) gives each hooked feature as the graph output named by
 * its path, which is exactly what the DJL teacher's output hooks capture. Only the requested
 * outputs are computed, so a classifier's head is skipped.
 */
public final class OnnxTeacherBackend implements TeacherBackend {
    private final OnnxModel model;
    private final List<String> featurePaths;
    private final List<String> outputNames;
    private final Set<String> fetch;

    /**
     * Wraps a loaded model, which this backend then owns and closes.
     *
     * @param featurePaths the teacher module path of each distill location, in order
     * @param outputNames further graph outputs returned as {@link TeacherFeatures#outputs} (e.g.
     *     logits for a logit loss), usually none
     * @throws MgdException naming the file and the missing output when the model lacks one
     */
    public OnnxTeacherBackend(OnnxModel model, List<String> featurePaths, List<String> outputNames) {
        this.model = model;
        this.featurePaths = List.copyOf(featurePaths);
        this.outputNames = List.copyOf(outputNames);
        this.fetch = new LinkedHashSet<>(this.featurePaths);
        fetch.addAll(this.outputNames);
        for (String name : fetch) {
            if (!model.outputNames().contains(name)) {
                throw new MgdException("teacher_onnx '" + model.path() + "' has no output '" + name
                        + "'; its outputs are " + model.outputNames() + "; export the teacher with --outputs "
                        + String.join(" ", this.featurePaths));
            }
        }
    }

    /** Loads {@code onnx} with ONNX Runtime's default threads. */
    public static OnnxTeacherBackend open(Path onnx, List<String> featurePaths, List<String> outputNames) {
        OnnxModel m = OnnxModel.load(onnx);
        try {
            return new OnnxTeacherBackend(m, featurePaths, outputNames);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    @Override
    public TeacherFeatures forward(NDList inputs) {
        NDArray img = inputs.head();
        Map<String, NDArray> out = model.run(new NDList(img), fetch, img.getManager());
        List<NDArray> features = new ArrayList<>(featurePaths.size());
        featurePaths.forEach(p -> features.add(out.get(p)));
        NDList outputs = new NDList();
        outputNames.forEach(n -> outputs.add(out.get(n)));
        return new TeacherFeatures(features, outputs);
    }

    /** The ONNX model this backend runs. */
    public OnnxModel model() {
        return model;
    }

    @Override
    public void close() {
        model.close();
    }
}
