package io.mgd.core.engine.onnx;

import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

/**
 * Turns the collected nodes and initializers into an {@code OnnxMl.ModelProto} (the generated
 * ONNX protobuf classes of tribuo-util-onnx). Weights are stored as little-endian raw data.
 */
final class ModelWriter {
    /** A graph input or output: name, shape, and which dimensions are symbolic. */
    record Port(String name, Shape shape, String[] symbolic) {}

    private ModelWriter() {}

    /** The lowest IR version that carries {@code opset} (onnx's VERSION_TABLE). */
    static long irVersion(int opset) {
        return opset <= 11 ? 6 : opset <= 14 ? 7 : 8;
    }

    static OnnxMl.ModelProto build(String graphName, int opset, List<GraphNode> nodes,
            Map<String, Initializer> inits, List<Port> inputs, List<Port> outputs) {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName(graphName);
        for (Port p : inputs) {
            g.addInput(valueInfo(p));
        }
        for (Port p : outputs) {
            g.addOutput(valueInfo(p));
        }
        for (Initializer init : inits.values()) {
            g.addInitializer(tensor(init));
        }
        for (GraphNode n : nodes) {
            OnnxMl.NodeProto.Builder nb = OnnxMl.NodeProto.newBuilder().setName(n.name()).setOpType(n.op())
                    .addAllInput(n.inputs()).addAllOutput(n.outputs());
            n.attrs().forEach((k, v) -> nb.addAttribute(attribute(k, v)));
            g.addNode(nb);
        }
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(irVersion(opset))
                .setProducerName("mgd-java")
                .setProducerVersion("0.1.0")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(g)
                .build();
    }

    private static OnnxMl.ValueInfoProto valueInfo(Port p) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (int i = 0; i < p.shape().dimension(); i++) {
            OnnxMl.TensorShapeProto.Dimension.Builder d = OnnxMl.TensorShapeProto.Dimension.newBuilder();
            String sym = p.symbolic()[i];
            if (sym == null) {
                d.setDimValue(p.shape().get(i));
            } else if (!sym.isEmpty()) {
                d.setDimParam(sym);
            }
            shape.addDim(d);
        }
        OnnxMl.TypeProto.Tensor.Builder t = OnnxMl.TypeProto.Tensor.newBuilder()
                .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setShape(shape);
        return OnnxMl.ValueInfoProto.newBuilder().setName(p.name())
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(t)).build();
    }

    private static OnnxMl.TensorProto tensor(Initializer init) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(init.name());
        for (long d : init.dims()) {
            t.addDims(d);
        }
        ByteBuffer buf;
        if (init.floats() != null) {
            t.setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber());
            buf = ByteBuffer.allocate(init.floats().length * 4).order(ByteOrder.LITTLE_ENDIAN);
            buf.asFloatBuffer().put(init.floats());
        } else {
            t.setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber());
            buf = ByteBuffer.allocate(init.longs().length * 8).order(ByteOrder.LITTLE_ENDIAN);
            buf.asLongBuffer().put(init.longs());
        }
        return t.setRawData(ByteString.copyFrom(buf.array())).build();
    }

    private static OnnxMl.AttributeProto attribute(String name, Object v) {
        OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName(name);
        if (v instanceof Integer || v instanceof Long) {
            a.setType(OnnxMl.AttributeProto.AttributeType.INT).setI(((Number) v).longValue());
        } else if (v instanceof Float || v instanceof Double) {
            a.setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(((Number) v).floatValue());
        } else if (v instanceof String s) {
            a.setType(OnnxMl.AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
        } else if (v instanceof long[] ls) {
            a.setType(OnnxMl.AttributeProto.AttributeType.INTS);
            for (long l : ls) {
                a.addInts(l);
            }
        } else if (v instanceof int[] is) {
            a.setType(OnnxMl.AttributeProto.AttributeType.INTS);
            for (int i : is) {
                a.addInts(i);
            }
        } else if (v instanceof float[] fs) {
            a.setType(OnnxMl.AttributeProto.AttributeType.FLOATS);
            for (float f : fs) {
                a.addFloats(f);
            }
        } else {
            throw new IllegalArgumentException("unsupported ONNX attribute " + name + " = " + v);
        }
        return a.build();
    }
}
