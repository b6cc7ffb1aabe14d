using Google.Protobuf;
using Sparsh.Transforms.Onnx.Proto;

namespace Sparsh.Transforms.Onnx;

/// <summary>A node attribute (e.g. <c>axis</c> of Gather, <c>to</c> of Cast). Create with the static factories.</summary>
public sealed class OnnxAttribute
{
    private OnnxAttribute(AttributeProto proto) => Proto = proto;

    internal AttributeProto Proto { get; }

    /// <summary>Attribute name.</summary>
    public string Name => Proto.Name;

    /// <summary>An integer attribute.</summary>
    public static OnnxAttribute Int(string name, long value) =>
        new(new AttributeProto { Name = Checked(name), Type = AttributeProto.Types.AttributeType.Int, I = value });

    /// <summary>An integer-list attribute.</summary>
    public static OnnxAttribute Ints(string name, params long[] values) =>
        new(new AttributeProto { Name = Checked(name), Type = AttributeProto.Types.AttributeType.Ints, Ints = { values } });

    /// <summary>A float attribute.</summary>
    public static OnnxAttribute Float(string name, float value) =>
        new(new AttributeProto { Name = Checked(name), Type = AttributeProto.Types.AttributeType.Float, F = value });

    /// <summary>A float-list attribute.</summary>
    public static OnnxAttribute Floats(string name, params float[] values) =>
        new(new AttributeProto { Name = Checked(name), Type = AttributeProto.Types.AttributeType.Floats, Floats = { values } });

    /// <summary>A text attribute (UTF-8).</summary>
    public static OnnxAttribute String(string name, string value) =>
        new(new AttributeProto { Name = Checked(name), Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) });

    /// <summary>The <c>to</c> attribute of Cast.</summary>
    public static OnnxAttribute CastTo(OnnxElementType type) => Int("to", (long)type);

    private static string Checked(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return name;
    }
}
