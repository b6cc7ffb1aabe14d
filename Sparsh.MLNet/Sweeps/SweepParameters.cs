using System.Globalization;

namespace Sparsh.MLNet.Sweeps;

/// <summary>
/// A trial's hyperparameter values by name, as invariant-culture text (sorted by name), with typed getters.
/// Text keeps the resume check exact: a journalled trial matches only if every value reads back identically.
/// </summary>
public sealed class SweepParameters : IEquatable<SweepParameters>
{
    private readonly SortedDictionary<string, string> _values;

    /// <summary>Creates the set from name/value pairs.</summary>
    public SweepParameters(IEnumerable<KeyValuePair<string, string>> values) => _values = new(values.ToDictionary(), StringComparer.Ordinal);

    /// <summary>Values by name.</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>True when the parameter is set.</summary>
    public bool Contains(string name) => _values.ContainsKey(name);

    /// <summary>The value as text.</summary>
    public string GetString(string name) => _values.TryGetValue(name, out var v) ? v
        : throw new KeyNotFoundException($"Sweep parameter '{name}' is not set; set: {string.Join(", ", _values.Keys)}.");

    /// <summary>The value as an integer.</summary>
    public int GetInt(string name) => int.Parse(GetString(name), NumberStyles.Integer, CultureInfo.InvariantCulture);

    /// <summary>The value as a double.</summary>
    public double GetDouble(string name) => double.Parse(GetString(name), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The value as an enum member (by name, case-insensitive).</summary>
    public T GetEnum<T>(string name) where T : struct, Enum => Enum.Parse<T>(GetString(name), ignoreCase: true);

    /// <summary>The integer value, or <paramref name="fallback"/> when the parameter is not in this trial's space.</summary>
    public int GetInt(string name, int fallback) => Contains(name) ? GetInt(name) : fallback;

    /// <summary>The double value, or <paramref name="fallback"/> when the parameter is not in this trial's space.</summary>
    public double GetDouble(string name, double fallback) => Contains(name) ? GetDouble(name) : fallback;

    /// <summary>Invariant text of a value; doubles round-trip ("R").</summary>
    public static string Format(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <inheritdoc/>
    public bool Equals(SweepParameters? other) => other != null && _values.Count == other._values.Count
        && _values.All(kv => other._values.TryGetValue(kv.Key, out var v) && v == kv.Value);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as SweepParameters);

    /// <inheritdoc/>
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    /// <summary>"Name=value; Name=value" in name order (semicolons keep the text CSV-friendly).</summary>
    public override string ToString() => string.Join("; ", _values.Select(kv => $"{kv.Key}={kv.Value}"));
}
