namespace Sparsh.Transforms.Onnx;

/// <summary>One dimension of a graph input or output: a fixed size, or a named size chosen at run time (e.g. <c>batch</c>).</summary>
public readonly record struct OnnxDimension
{
    private OnnxDimension(long size, string? name)
    {
        Size = size;
        Name = name;
    }

    /// <summary>The fixed size, or -1 for a dynamic dimension.</summary>
    public long Size { get; }

    /// <summary>The symbolic name of a dynamic dimension, or null for a fixed one.</summary>
    public string? Name { get; }

    /// <summary>True when the size is chosen at run time.</summary>
    public bool IsDynamic => Name is not null;

    /// <summary>A fixed dimension.</summary>
    public static OnnxDimension Fixed(long size) => size >= 0
        ? new(size, null)
        : throw new ArgumentOutOfRangeException(nameof(size), size, "A fixed ONNX dimension must be zero or positive.");

    /// <summary>A dynamic dimension; dimensions sharing a name must agree at run time.</summary>
    public static OnnxDimension Dynamic(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new(-1, name);
    }

    /// <summary>A fixed dimension from its size.</summary>
    public static implicit operator OnnxDimension(int size) => Fixed(size);

    /// <inheritdoc/>
    public override string ToString() => Name ?? Size.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
