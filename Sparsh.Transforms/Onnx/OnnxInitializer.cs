using System.Buffers.Binary;
using Sparsh.Transforms.Onnx.Proto;

namespace Sparsh.Transforms.Onnx;

/// <summary>One constant tensor (initializer) of an ONNX graph, as read by <see cref="OnnxModelContents"/>.</summary>
public sealed class OnnxInitializer
{
    private readonly TensorProto _tensor;

    internal OnnxInitializer(TensorProto tensor)
    {
        _tensor = tensor;
        Dims = [.. tensor.Dims];
    }

    /// <summary>Tensor name in the graph.</summary>
    public string Name => _tensor.Name;

    /// <summary>ONNX <c>TensorProto.DataType</c> code (1 float, 7 int64, 9 bool, ...).</summary>
    public int DataType => _tensor.DataType;

    /// <summary>Dimensions (empty for a scalar).</summary>
    public IReadOnlyList<long> Dims { get; }

    /// <summary>Number of elements the dimensions hold.</summary>
    public long ElementCount => Dims.Aggregate(1L, (count, dim) => count * dim);

    /// <summary>The values of a float tensor, row-major, from <c>float_data</c> or little-endian <c>raw_data</c>.</summary>
    /// <exception cref="InvalidDataException">The tensor is not float, or holds a different number of values than its dimensions.</exception>
    public float[] FloatValues()
    {
        Require(OnnxElementType.Float);
        float[] values;
        if (_tensor.RawData.Length > 0)
        {
            var raw = _tensor.RawData.Span;
            values = new float[raw.Length / sizeof(float)];
            for (var i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * sizeof(float))..]);
        }
        else values = [.. _tensor.FloatData];
        return Checked(values);
    }

    /// <summary>The values of an int64 tensor, row-major, from <c>int64_data</c> or little-endian <c>raw_data</c>.</summary>
    /// <exception cref="InvalidDataException">The tensor is not int64, or holds a different number of values than its dimensions.</exception>
    public long[] Int64Values()
    {
        Require(OnnxElementType.Int64);
        long[] values;
        if (_tensor.RawData.Length > 0)
        {
            var raw = _tensor.RawData.Span;
            values = new long[raw.Length / sizeof(long)];
            for (var i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadInt64LittleEndian(raw[(i * sizeof(long))..]);
        }
        else values = [.. _tensor.Int64Data];
        return Checked(values);
    }

    private void Require(OnnxElementType type)
    {
        if (_tensor.DataType != (int)type)
            throw new InvalidDataException($"Initializer '{Name}' has ONNX data type {_tensor.DataType}; expected {type} ({(int)type}).");
    }

    private T[] Checked<T>(T[] values) => values.LongLength == ElementCount ? values
        : throw new InvalidDataException($"Initializer '{Name}' holds {values.LongLength} values but its dimensions [{string.Join(", ", Dims)}] hold {ElementCount}.");
}
