using System.Buffers.Binary;

namespace Sparsh.Transforms.Pickles;

/// <summary>
/// A numpy array read from a pickle: element type, shape and its raw bytes (a slice of the file's bytes, not copied).
/// Only plain numeric dtypes are ever built; object and structured dtypes are refused while reading.
/// </summary>
internal sealed class NumpyArray
{
    /// <summary>Wraps raw array bytes; checks that they fill the shape exactly.</summary>
    /// <exception cref="ArgumentException">The bytes do not match shape x item size, or a dimension is negative.</exception>
    public NumpyArray(NumpyDtype dtype, long[] shape, ReadOnlyMemory<byte> data, bool fortranOrder)
    {
        long count = 1;
        foreach (long d in shape)
        {
            if (d < 0) throw new ArgumentException($"negative dimension {d} in shape ({string.Join(", ", shape)}).");
            count = checked(count * d);
        }
        if (checked(count * dtype.ItemSize) != data.Length)
            throw new ArgumentException(
                $"a {dtype} array of shape ({string.Join(", ", shape)}) needs {count * dtype.ItemSize} bytes, but its data has {data.Length}.");
        Dtype = dtype;
        Shape = shape;
        Data = data;
        FortranOrder = fortranOrder;
    }

    /// <summary>Element type.</summary>
    public NumpyDtype Dtype { get; }

    /// <summary>Dimensions.</summary>
    public long[] Shape { get; }

    /// <summary>Raw element bytes in <see cref="Dtype"/>'s byte order.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>True when the bytes are column-major (numpy's order 'F').</summary>
    public bool FortranOrder { get; }

    /// <summary>Number of elements.</summary>
    public long Count => Data.Length / Dtype.ItemSize;

    /// <summary>The shape as numpy prints it, e.g. "(368, 4)".</summary>
    public string ShapeText => $"({string.Join(", ", Shape)}{(Shape.Length == 1 ? "," : "")})";

    /// <summary>Element <paramref name="index"/> in C (row-major) order, as a double.</summary>
    public double this[long index] => Read(FortranOrder ? CToFortran(index) : index);

    /// <summary>Element at row <paramref name="row"/>, column <paramref name="column"/> of a 2-D array.</summary>
    public double At(long row, long column) => this[row * Shape[1] + column];

    private long CToFortran(long index)
    {
        // Decompose the row-major index into coordinates, then recompose column-major.
        long fortran = 0, stride = 1;
        var coordinates = new long[Shape.Length];
        for (int d = Shape.Length - 1; d >= 0; d--)
        {
            coordinates[d] = index % Shape[d];
            index /= Shape[d];
        }
        for (int d = 0; d < Shape.Length; d++)
        {
            fortran += coordinates[d] * stride;
            stride *= Shape[d];
        }
        return fortran;
    }

    private double Read(long index)
    {
        var bytes = Data.Span.Slice(checked((int)(index * Dtype.ItemSize)), Dtype.ItemSize);
        bool little = Dtype.LittleEndian;
        return (Dtype.Kind, Dtype.ItemSize) switch
        {
            ('f', 8) => little ? BinaryPrimitives.ReadDoubleLittleEndian(bytes) : BinaryPrimitives.ReadDoubleBigEndian(bytes),
            ('f', 4) => little ? BinaryPrimitives.ReadSingleLittleEndian(bytes) : BinaryPrimitives.ReadSingleBigEndian(bytes),
            ('f', 2) => (double)(little ? BinaryPrimitives.ReadHalfLittleEndian(bytes) : BinaryPrimitives.ReadHalfBigEndian(bytes)),
            ('i', 8) => little ? BinaryPrimitives.ReadInt64LittleEndian(bytes) : BinaryPrimitives.ReadInt64BigEndian(bytes),
            ('i', 4) => little ? BinaryPrimitives.ReadInt32LittleEndian(bytes) : BinaryPrimitives.ReadInt32BigEndian(bytes),
            ('i', 2) => little ? BinaryPrimitives.ReadInt16LittleEndian(bytes) : BinaryPrimitives.ReadInt16BigEndian(bytes),
            ('i', 1) => (sbyte)bytes[0],
            ('u', 8) => little ? BinaryPrimitives.ReadUInt64LittleEndian(bytes) : BinaryPrimitives.ReadUInt64BigEndian(bytes),
            ('u', 4) => little ? BinaryPrimitives.ReadUInt32LittleEndian(bytes) : BinaryPrimitives.ReadUInt32BigEndian(bytes),
            ('u', 2) => little ? BinaryPrimitives.ReadUInt16LittleEndian(bytes) : BinaryPrimitives.ReadUInt16BigEndian(bytes),
            ('u', 1) => bytes[0],
            ('b', 1) => bytes[0] != 0 ? 1 : 0,
            _ => throw new InvalidOperationException($"dtype {Dtype} has no numeric reading."),
        };
    }
}
