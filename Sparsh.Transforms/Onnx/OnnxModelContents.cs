using Google.Protobuf;
using Sparsh.Scoring.ModelFiles;
using Sparsh.Transforms.Onnx.Proto;

namespace Sparsh.Transforms.Onnx;

/// <summary>
/// What an ONNX model file holds that a reader of Sparsh's exports needs: producer, metadata, graph inputs and outputs and
/// the initializers by name. Parsed with the same <c>.proto</c> subset the writer uses; fields outside it are skipped.
/// </summary>
internal sealed class OnnxModelContents
{
    private OnnxModelContents(string source, ModelProto model)
    {
        Source = source;
        ProducerName = model.ProducerName;
        DocString = model.DocString;
        var graph = model.Graph ?? new GraphProto();
        GraphName = graph.Name;
        Metadata = model.MetadataProps.GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
        InputNames = graph.Input.Select(v => v.Name).ToArray();
        OutputNames = graph.Output.Select(v => v.Name).ToArray();
        var initializers = new Dictionary<string, OnnxInitializer>(StringComparer.Ordinal);
        foreach (var tensor in graph.Initializer)
            if (!initializers.TryAdd(tensor.Name, new OnnxInitializer(tensor)))
                throw new InvalidDataException($"{source}: initializer '{tensor.Name}' is defined twice.");
        Initializers = initializers;
    }

    /// <summary>Where the model came from (a file, or a zip and entry), for error messages.</summary>
    public string Source { get; }

    /// <summary>The producer recorded in the model (<c>Sparsh.MLNet</c> for this project's exports).</summary>
    public string ProducerName { get; }

    /// <summary>The model's description.</summary>
    public string DocString { get; }

    /// <summary>Name of the graph.</summary>
    public string GraphName { get; }

    /// <summary>The model's <c>metadata_props</c>.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Graph input names, in order.</summary>
    public IReadOnlyList<string> InputNames { get; }

    /// <summary>Graph output names, in order.</summary>
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>Initializers by name.</summary>
    public IReadOnlyDictionary<string, OnnxInitializer> Initializers { get; }

    /// <summary>Parses ONNX model bytes.</summary>
    /// <param name="model">The model file's bytes.</param>
    /// <param name="source">Where they came from, for error messages.</param>
    /// <exception cref="InvalidDataException">The bytes are not an ONNX model with a graph, or a tensor keeps its data outside the model.</exception>
    public static OnnxModelContents Parse(byte[] model, string source)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        OnnxModelGuard.Verify(model, source);
        return ParseVerified(model, source);
    }

    /// <summary>Parses bytes that <see cref="OnnxModelGuard.Verify"/> has already passed (as <see cref="ModelZip"/> does for each entry).</summary>
    internal static OnnxModelContents ParseVerified(byte[] model, string source)
    {
        ModelProto proto;
        try
        {
            proto = ModelProto.Parser.ParseFrom(model);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"{source} is not a readable ONNX model: {e.Message}", e);
        }
        if (proto.Graph is null) throw new InvalidDataException($"{source} is not an ONNX model: it has no graph.");
        return new OnnxModelContents(source, proto);
    }

    /// <summary>Reads and parses an ONNX model file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not an ONNX model.</exception>
    public static OnnxModelContents Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"ONNX model '{path}' not found.", path);
        return Parse(File.ReadAllBytes(path), $"'{path}'");
    }
}
