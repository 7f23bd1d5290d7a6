package io.mgd.core.engine.onnx;

import java.util.List;
import java.util.Map;

/**
 * One ONNX node before serialisation; mutable lists so that BatchNorm folding can rewrite it.
 *
 * @param name unique node name: the emitting module's path and the op
 * @param attrs attribute values (Integer/Long, int[]/long[], Float/Double, float[], String)
 */
record GraphNode(String name, String op, List<String> inputs, List<String> outputs, Map<String, Object> attrs) {}
