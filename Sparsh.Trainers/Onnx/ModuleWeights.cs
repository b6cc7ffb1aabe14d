using Sparsh.Transforms.Onnx;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Onnx;

/// <summary>
/// A module's state dict read once into arrays, keyed as TorchSharp names them (<c>pooler.tokenNorm.weight</c>).
/// Exports read weights through it rather than private fields, so they follow exactly what a checkpoint stores, and
/// write them under the names <see cref="OnnxParameters"/> gives them, so the import can map them back.
/// </summary>
internal sealed class ModuleWeights
{
    /// <summary>Owner name used when none is given (standalone exports of building blocks).</summary>
    public const string DefaultOwner = "module";

    private readonly Dictionary<string, (float[] Values, long[] Shape)> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long[] Values, long[] Shape)> _integerEntries = new(StringComparer.Ordinal);

    /// <summary>Copies every float parameter and buffer of <paramref name="module"/> to the CPU as float32 (int64 buffers as they are).</summary>
    /// <param name="module">The module.</param>
    /// <param name="owner">Its name in the graph: the prefix of its initializer names (<see cref="OnnxParameters.InitializerName"/>).</param>
    public ModuleWeights(nn.Module module, string owner = DefaultOwner)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        Owner = owner;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var (name, tensor) in module.state_dict())
        {
            if (tensor.dtype == ScalarType.Int64)
                _integerEntries[name] = (tensor.detach().cpu().contiguous().data<long>().ToArray(), tensor.shape);
            if (!tensor.is_floating_point()) continue;
            var values = tensor.detach().cpu().to(ScalarType.Float32).contiguous().data<float>().ToArray();
            _entries[name] = (values, tensor.shape);
        }
    }

    /// <summary>The module's name in the graph.</summary>
    public string Owner { get; }

    /// <summary>Float state-dict keys, in the module's order.</summary>
    public IEnumerable<string> Keys => _entries.Keys;

    /// <summary>The values (row-major) and shape of one entry.</summary>
    /// <exception cref="KeyNotFoundException">No float entry has that key; the message lists similar keys.</exception>
    public (float[] Values, long[] Shape) this[string key] => _entries.TryGetValue(key, out var entry) ? entry
        : throw new KeyNotFoundException($"State dict has no float entry '{key}'. Entries: {string.Join(", ", _entries.Keys.Take(40))}.");

    /// <summary>Whether the state dict has a float entry with this key.</summary>
    public bool Contains(string key) => _entries.ContainsKey(key);

    /// <summary>
    /// Adds state-dict entry <paramref name="key"/> (float or int64) to <paramref name="graph"/> as an initializer named by
    /// <see cref="OnnxParameters.InitializerName"/>; <see cref="ParameterLayout.Transposed"/> stores a float matrix
    /// [rows, columns] as [columns, rows]. Returns the initializer's name.
    /// </summary>
    public string AddInitializer(OnnxGraphBuilder graph, string key, ParameterLayout layout = ParameterLayout.AsStored)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var name = OnnxParameters.InitializerName(Owner, key, layout);
        if (_integerEntries.TryGetValue(key, out var integers))
        {
            if (layout != ParameterLayout.AsStored) throw new ArgumentException($"Integer entry '{key}' can only be stored as it is.", nameof(layout));
            return graph.AddNamedInitializer(name, integers.Values, integers.Shape);
        }
        var (values, shape) = this[key];
        if (layout == ParameterLayout.AsStored) return graph.AddNamedInitializer(name, values, shape);
        if (shape.Length != 2) throw new ArgumentException($"Entry '{key}' has rank {shape.Length}; only matrices are stored transposed.", nameof(layout));
        return graph.AddNamedInitializer(name, OnnxParameters.Transpose(values, (int)shape[0], (int)shape[1]), shape[1], shape[0]);
    }

    /// <summary>
    /// Stores a float entry that no node of the graph reads (a training-only parameter) in the model's metadata, so the
    /// import restores it too (<see cref="OnnxParameters.UnreadParameterKey"/>).
    /// </summary>
    public void AddUnread(OnnxGraphBuilder graph, string key)
    {
        ArgumentNullException.ThrowIfNull(graph);
        graph.AddMetadata(OnnxParameters.UnreadParameterKey(Owner, key), OnnxParameters.EncodeFloats(this[key].Values));
    }

    /// <summary>A short scope name for a submodule's nodes: the last segment of its key prefix, or <paramref name="fallback"/>.</summary>
    internal static string ScopeName(string prefix, string fallback) => prefix.Length == 0 ? fallback : prefix[(prefix.LastIndexOf('.') + 1)..];

    /// <summary>Prefixes a key with a submodule path: <c>Key("pooler", "query")</c> is <c>pooler.query</c>.</summary>
    public static string Key(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";
}
