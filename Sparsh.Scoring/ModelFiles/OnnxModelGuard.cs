using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Google.Protobuf;

namespace Sparsh.Scoring.ModelFiles;

/// <summary>
/// Checks an ONNX model before ONNX Runtime sees it: refuses models that would make ONNX Runtime read files outside the
/// model, and models whose graph no longer matches the SHA-256 recorded when it was written. The ONNX format lets any tensor keep
/// its data in an external file (<c>data_location = EXTERNAL</c> with an <c>external_data</c> location), which ONNX
/// Runtime resolves relative to the model, or absolutely, when the model loads: a model zip from an untrusted source could
/// thereby read a local file into its weights and leak it through its outputs. Sparsh never writes external data, so
/// every tensor must carry its values inline. Sparsh's exports also record the SHA-256 of their serialized graph in the
/// metadata entry <see cref="GraphHashKey"/>; a model with that entry whose graph was altered afterwards (a weight edited,
/// bytes flipped) is refused. Models without the entry (other producers) cannot be checked for alteration and pass that check.
/// </summary>
/// <remarks>
/// The walk reads the protobuf field by field rather than through generated ONNX types, so it sees every place the
/// ONNX specification allows a tensor: graph initializers and sparse initializers, node attributes (single, lists,
/// sparse), subgraphs of control-flow nodes, model-local functions and training-info graphs, at any depth.
/// </remarks>
public static class OnnxModelGuard
{
    // Subgraphs nest through attributes; real models nest a handful of levels. The bound stops a crafted model from
    // exhausting the stack.
    private const int MaxNesting = 64;

    // ONNX's TensorProto.DataLocation.EXTERNAL.
    private const int ExternalLocation = 1;

    /// <summary>Metadata key under which Sparsh's exports record the SHA-256 (hex) of their serialized graph.</summary>
    public const string GraphHashKey = "sparsh.graph_sha256";

    /// <summary>The value Sparsh records under <see cref="GraphHashKey"/> for a serialized graph.</summary>
    public static string GraphHash(ReadOnlySpan<byte> graph) => Convert.ToHexString(SHA256.HashData(graph));

    /// <summary>
    /// Checks that no tensor of an ONNX model refers to data outside the model and, when the model records
    /// <see cref="GraphHashKey"/>, that its graph still has that SHA-256.
    /// </summary>
    /// <param name="model">The ONNX model's bytes.</param>
    /// <param name="source">Where the bytes came from (a file, or a zip and entry), for the message.</param>
    /// <exception cref="InvalidDataException">
    /// A tensor keeps its data externally (the message names the tensor and the path it points at), the graph does not
    /// match its recorded SHA-256, the model holds its graph in more than one piece, the graphs nest deeper than 64
    /// levels, or the bytes are not a protobuf message.
    /// </exception>
    public static void Verify(byte[] model, string source)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        try
        {
            var input = new CodedInputStream(model);
            string? recorded = null, actual = null;
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                int field = WireFormat.GetTagFieldNumber(tag);
                if (WireFormat.GetTagWireType(tag) != WireFormat.WireType.LengthDelimited)
                {
                    input.SkipLastField();
                    continue;
                }
                var bytes = input.ReadBytes();
                if (field == 7)
                {
                    // Protobuf merges repeated pieces of a message field; a graph in two pieces would hash as neither.
                    if (actual is not null) throw new InvalidDataException($"{source}: the model holds its graph in more than one piece; refused as malformed.");
                    actual = GraphHash(bytes.Span);
                }
                else if (field == 14 && ReadEntry(Open(bytes)) is (GraphHashKey, var value)) recorded = value;
                if (Child(OnnxMessage.Model, field) is { } child) Walk(Open(bytes), child, source, depth: 1);
            }
            if (recorded is not null && !string.Equals(recorded, actual, StringComparison.OrdinalIgnoreCase))
                throw new InvalidDataException(
                    $"{source}: its graph does not match the SHA-256 recorded when it was written ('{GraphHashKey}' {recorded}, graph {actual ?? "missing"}); " +
                    "the model was altered or damaged after saving, so it is refused.");
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"{source} is not a readable ONNX model: {e.Message}", e);
        }
    }

    private static void Walk(CodedInputStream input, OnnxMessage message, string source, int depth)
    {
        if (depth > MaxNesting)
            throw new InvalidDataException($"{source}: its graphs nest more than {MaxNesting} levels deep; refused as malformed.");
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagWireType(tag) != WireFormat.WireType.LengthDelimited || Child(message, WireFormat.GetTagFieldNumber(tag)) is not { } child)
            {
                input.SkipLastField();
                continue;
            }

            // Google.Protobuf keeps stream limits internal, so each submessage is read as bytes and walked on its own
            // (a copy per nesting level, of a model that is loaded whole anyway).
            var inner = Open(input.ReadBytes());
            if (child == OnnxMessage.Tensor) CheckTensor(inner, source);
            else Walk(inner, child, source, depth + 1);
        }
    }

    // Field numbers from the public onnx.proto.
    private static OnnxMessage? Child(OnnxMessage message, int field) => (message, field) switch
    {
        (OnnxMessage.Model, 7) => OnnxMessage.Graph,
        (OnnxMessage.Model, 20) => OnnxMessage.TrainingInfo,
        (OnnxMessage.Model, 25) => OnnxMessage.Function,
        (OnnxMessage.TrainingInfo, 1 or 2) => OnnxMessage.Graph,
        (OnnxMessage.Graph, 1) => OnnxMessage.Node,
        (OnnxMessage.Graph, 5) => OnnxMessage.Tensor,
        (OnnxMessage.Graph, 15) => OnnxMessage.SparseTensor,
        (OnnxMessage.Function, 7) => OnnxMessage.Node,
        (OnnxMessage.Function, 11) => OnnxMessage.Attribute,
        (OnnxMessage.Node, 5) => OnnxMessage.Attribute,
        (OnnxMessage.Attribute, 5 or 10) => OnnxMessage.Tensor,
        (OnnxMessage.Attribute, 6 or 11) => OnnxMessage.Graph,
        (OnnxMessage.Attribute, 22 or 23) => OnnxMessage.SparseTensor,
        (OnnxMessage.SparseTensor, 1 or 2) => OnnxMessage.Tensor,
        _ => null,
    };

    private static void CheckTensor(CodedInputStream input, string source)
    {
        string name = "";
        bool external = false;
        var locations = new List<string>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 8 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited:
                    name = input.ReadString();
                    break;
                case 13 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited:
                    external = true;
                    var (key, value) = ReadEntry(Open(input.ReadBytes()));
                    if (key == "location") locations.Add(value);
                    break;
                case 14 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint:
                    external |= input.ReadEnum() == ExternalLocation;
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        if (external)
            throw new InvalidDataException(
                $"{source}: tensor '{name}' keeps its data outside the model (external data" +
                (locations.Count > 0 ? $" at '{string.Join("', '", locations)}'" : "") +
                "). A model must carry its weights inline; loading this one would make ONNX Runtime read a file outside the zip, so it is refused.");
    }

    private static CodedInputStream Open(ByteString message) =>
        MemoryMarshal.TryGetArray(message.Memory, out var bytes)
            ? new CodedInputStream(bytes.Array!, bytes.Offset, bytes.Count)
            : new CodedInputStream(message.ToByteArray());

    private static (string Key, string Value) ReadEntry(CodedInputStream input)
    {
        string key = "", value = "";
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited: key = input.ReadString(); break;
                case 2 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited: value = input.ReadString(); break;
                default: input.SkipLastField(); break;
            }
        }
        return (key, value);
    }
}
