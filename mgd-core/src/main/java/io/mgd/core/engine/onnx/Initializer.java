package io.mgd.core.engine.onnx;

/**
 * A constant tensor of the graph: float32 weights ({@code floats}) or int64 shapes ({@code longs}).
 */
record Initializer(String name, long[] dims, float[] floats, long[] longs) {
    static Initializer ofFloats(String name, long[] dims, float[] values) {
        return new Initializer(name, dims, values, null);
    }

    static Initializer ofLongs(String name, long[] dims, long[] values) {
        return new Initializer(name, dims, null, values);
    }
}
