package io.mgd.core.checkpoint;

import ai.djl.ndarray.types.DataType;

/**
 * The tensor element types a checkpoint can hold, with their PyTorch storage class name
 * ({@code torch.FloatStorage}), dtype name ({@code torch.float32}), element size and DJL type.
 */
public enum DType {
    FLOAT32("FloatStorage", "float32", 4, DataType.FLOAT32),
    FLOAT16("HalfStorage", "float16", 2, DataType.FLOAT16),
    FLOAT64("DoubleStorage", "float64", 8, DataType.FLOAT64),
    BFLOAT16("BFloat16Storage", "bfloat16", 2, DataType.BFLOAT16),
    INT64("LongStorage", "int64", 8, DataType.INT64),
    INT32("IntStorage", "int32", 4, DataType.INT32),
    INT16("ShortStorage", "int16", 2, DataType.INT16),
    INT8("CharStorage", "int8", 1, DataType.INT8),
    UINT8("ByteStorage", "uint8", 1, DataType.UINT8),
    BOOL("BoolStorage", "bool", 1, DataType.BOOLEAN);

    private final String storageName;
    private final String torchName;
    private final int elementSize;
    private final DataType djlType;

    DType(String storageName, String torchName, int elementSize, DataType djlType) {
        this.storageName = storageName;
        this.torchName = torchName;
        this.elementSize = elementSize;
        this.djlType = djlType;
    }

    /** The legacy storage class in module {@code torch}, e.g. {@code FloatStorage}. */
    public String storageName() {
        return storageName;
    }

    /** The dtype attribute of module {@code torch}, e.g. {@code float32}. */
    public String torchName() {
        return torchName;
    }

    /** Bytes per element. */
    public int elementSize() {
        return elementSize;
    }

    /** The matching DJL data type. */
    public DataType djlType() {
        return djlType;
    }

    /** Whether values are floating point (float16/32/64, bfloat16). */
    public boolean isFloating() {
        return this == FLOAT32 || this == FLOAT16 || this == FLOAT64 || this == BFLOAT16;
    }

    /**
     * The type for a storage class name such as {@code FloatStorage}, or {@code null}. Only the
     * name counts, as in {@code torch.load}, so {@code torch.cuda.FloatStorage} maps too.
     */
    public static DType fromStorageName(String name) {
        for (DType t : values()) {
            if (t.storageName.equals(name)) {
                return t;
            }
        }
        return null;
    }

    /**
     * The type for a torch dtype attribute name ({@code float32}, also the aliases {@code float},
     * {@code half}, {@code double}, {@code long}, {@code int}, {@code short}), or {@code null}.
     */
    public static DType fromTorchName(String name) {
        switch (name) {
            case "float": return FLOAT32;
            case "half": return FLOAT16;
            case "double": return FLOAT64;
            case "long": return INT64;
            case "int": return INT32;
            case "short": return INT16;
            default:
                for (DType t : values()) {
                    if (t.torchName.equals(name)) {
                        return t;
                    }
                }
                return null;
        }
    }

    /** The type for a DJL data type; throws for types PyTorch checkpoints cannot hold here. */
    public static DType fromDjl(DataType type) {
        for (DType t : values()) {
            if (t.djlType == type) {
                return t;
            }
        }
        throw new CheckpointException("DJL data type " + type + " has no checkpoint dtype");
    }
}
