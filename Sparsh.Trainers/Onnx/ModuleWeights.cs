using static TorchSharp.torch;

namespace Sparsh.Trainers.Onnx;

/// <summary>
/// A module's state dict read once into float arrays, keyed as TorchSharp names them (<c>pooler.tokenNorm.weight</c>).
/// Exports read weights through it rather than private fields, so they follow exactly what a checkpoint stores.
/// </summary>
public sealed class ModuleWeights
{
    private readonly Dictionary<string, (float[] Values, long[] Shape)> _entries = new(StringComparer.Ordinal);

    /// <summary>Copies every parameter and buffer of <paramref name="module"/> to the CPU as float32.</summary>
    public ModuleWeights(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var (name, tensor) in module.state_dict())
        {
            if (!tensor.is_floating_point()) continue;
            var values = tensor.detach().cpu().to(ScalarType.Float32).contiguous().data<float>().ToArray();
            _entries[name] = (values, tensor.shape);
        }
    }

    /// <summary>Float state-dict keys, in the module's order.</summary>
    public IEnumerable<string> Keys => _entries.Keys;

    /// <summary>The values (row-major) and shape of one entry.</summary>
    /// <exception cref="KeyNotFoundException">No float entry has that key; the message lists similar keys.</exception>
    public (float[] Values, long[] Shape) this[string key] => _entries.TryGetValue(key, out var entry) ? entry
        : throw new KeyNotFoundException($"State dict has no float entry '{key}'. Entries: {string.Join(", ", _entries.Keys.Take(40))}.");

    /// <summary>Whether the state dict has a float entry with this key.</summary>
    public bool Contains(string key) => _entries.ContainsKey(key);

    /// <summary>A short scope name for a submodule's nodes: the last segment of its key prefix, or <paramref name="fallback"/>.</summary>
    internal static string ScopeName(string prefix, string fallback) => prefix.Length == 0 ? fallback : prefix[(prefix.LastIndexOf('.') + 1)..];

    /// <summary>Prefixes a key with a submodule path: <c>Key("pooler", "query")</c> is <c>pooler.query</c>.</summary>
    public static string Key(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";
}
