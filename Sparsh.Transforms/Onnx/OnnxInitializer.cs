using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Sparsh.Transforms.Onnx.Proto;

namespace Sparsh.Transforms.Onnx;

/// <summary>One constant tensor (initializer) of an ONNX graph, as read by <see cref="OnnxModelContents"/>.</summary>
internal sealed class OnnxInitializer
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
    public float[] FloatValues() => Values(OnnxElementType.Float, _tensor.FloatData, BinaryPrimitives.ReadSingleLittleEndian);

    /// <summary>The values of an int64 tensor, row-major, from <c>int64_data</c> or little-endian <c>raw_data</c>.</summary>
    /// <exception cref="InvalidDataException">The tensor is not int64, or holds a different number of values than its dimensions.</exception>
    public long[] Int64Values() => Values(OnnxElementType.Int64, _tensor.Int64Data, BinaryPrimitives.ReadInt64LittleEndian);

    private delegate T ReadLittleEndian<T>(ReadOnlySpan<byte> bytes);

    // Writers may use either the typed field or raw_data; Sparsh writes the typed one, other tools often raw_data.
    private T[] Values<T>(OnnxElementType type, IReadOnlyList<T> typed, ReadLittleEndian<T> read) where T : unmanaged
    {
        Require(type);
        T[] values;
        if (_tensor.RawData.Length > 0)
        {
            var raw = _tensor.RawData.Span;
            int size = Unsafe.SizeOf<T>();
            values = new T[raw.Length / size];
            for (var i = 0; i < values.Length; i++) values[i] = read(raw[(i * size)..]);
        }
        else values = [.. typed];
        return values.LongLength == ElementCount ? values
            : throw new InvalidDataException($"Initializer '{Name}' holds {values.LongLength} values but its dimensions [{string.Join(", ", Dims)}] hold {ElementCount}.");
    }

    private void Require(OnnxElementType type)
    {
        if (_tensor.DataType != (int)type)
            throw new InvalidDataException($"Initializer '{Name}' has ONNX data type {_tensor.DataType}; expected {type} ({(int)type}).");
    }
}
