using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sparsh.MLNet.Sweeps;

/// <summary>
/// SHA-256 over what a journalled trial's score depends on besides its own id, family and parameters: every value of the
/// (materialised) data's visible columns with their names and types and the row count, the search space, and the
/// options that change scores (seed, folds, test fraction, column names, metric, batch size, validation fraction).
/// Options that only choose or limit trials (strategy, grid points, trial and time budgets, parallelism) are left out,
/// so a sweep resumes with a larger budget. A custom <see cref="SweepOptions.PipelineFactory"/> counts only as present
/// or absent: a delegate has no content to hash.
/// </summary>
internal static class SweepFingerprint
{
    public static string Compute(IDataView data, SweepOptions options, SweepSearchSpace space)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendText(hash, Describe(options, space));
        AppendEncoder(hash, options);
        AppendData(hash, data);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The search space and the scoring options as invariant text.</summary>
    internal static string Describe(SweepOptions options, SweepSearchSpace space)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"seed={options.Seed};folds={options.Folds};test={options.TestFraction:R};group={options.GroupColumnName};label={options.LabelColumnName};" +
            $"tokens={options.TokensColumnName};embedding={options.EmbeddingColumnName};metric={options.Metric};batch={options.BatchSize};" +
            $"validation={options.ValidationFraction:R};custom-pipeline={options.PipelineFactory != null}\n");
        // FineTune and EndToEnd trials read these; written only when set so Frozen-only journals keep their fingerprint.
        if (options.Encoder != null || options.EncoderConfig != null || options.EncoderColumns != new Sparsh.Trainers.Encoder.SparshSkinEncoderColumns())
            text.Append(CultureInfo.InvariantCulture, $"encoder={options.Encoder?.Config};encoder-config={options.EncoderConfig};encoder-columns={options.EncoderColumns}\n");
        foreach (var family in space.Families)
        {
            text.Append(CultureInfo.InvariantCulture, $"{family.Family}:");
            foreach (var domain in family.Parameters)
                text.Append(domain switch
                {
                    // Describe() rounds float bounds for display; the fingerprint needs them exactly.
                    FloatRangeDomain f => string.Create(CultureInfo.InvariantCulture, $" {f.Name} {(f.LogScale ? "log" : "uniform")}[{f.Min:R}, {f.Max:R}]"),
                    _ => $" {domain.GetType().FullName} {domain}",
                });
            text.Append('\n');
        }
        return text.ToString();
    }

    // FineTune starts from the encoder's weights, so they are part of what a journalled score depends on.
    private static void AppendEncoder(IncrementalHash hash, SweepOptions options)
    {
        if (options.Encoder is not { } encoder) return;
        foreach (var (name, value) in encoder.state_dict())
        {
            AppendText(hash, $"{name}:{string.Join('x', value.shape)}:{value.dtype}\n");
            using var cpu = value.detach().cpu().contiguous();
            hash.AppendData(cpu.bytes);
        }
    }

    private static void AppendData(IncrementalHash hash, IDataView data)
    {
        var columns = data.Schema.Where(c => !c.IsHidden).ToArray();
        foreach (var column in columns) AppendText(hash, $"{column.Name}:{column.Type}\n");
        using var cursor = data.GetRowCursor(columns);
        var hashers = columns.Select(c => Hasher(cursor, c, hash)).Where(h => h != null).Select(h => h!).ToArray();
        long rows = 0;
        while (cursor.MoveNext())
        {
            foreach (var hasher in hashers) hasher();
            rows++;
        }
        AppendText(hash, $"rows={rows}\n");
    }

    private static readonly MethodInfo ScalarMethod = typeof(SweepFingerprint).GetMethod(nameof(Scalar), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo VectorMethod = typeof(SweepFingerprint).GetMethod(nameof(Vector), BindingFlags.NonPublic | BindingFlags.Static)!;

    // Text and primitive scalars and vectors are hashed by value; other types (images, say) only by name and type above.
    private static Action? Hasher(DataViewRowCursor cursor, DataViewSchema.Column column, IncrementalHash hash)
    {
        if (column.Type is TextDataViewType)
        {
            var getter = cursor.GetGetter<ReadOnlyMemory<char>>(column);
            ReadOnlyMemory<char> value = default;
            return () =>
            {
                getter(ref value);
                AppendLength(hash, value.Length);
                hash.AppendData(MemoryMarshal.AsBytes(value.Span));
            };
        }
        if (column.Type is VectorDataViewType vector && vector.ItemType.RawType.IsPrimitive)
            return (Action)VectorMethod.MakeGenericMethod(vector.ItemType.RawType).Invoke(null, [cursor, column, hash])!;
        if (column.Type.RawType.IsPrimitive)
            return (Action)ScalarMethod.MakeGenericMethod(column.Type.RawType).Invoke(null, [cursor, column, hash])!;
        return null;
    }

    private static Action Scalar<T>(DataViewRowCursor cursor, DataViewSchema.Column column, IncrementalHash hash) where T : unmanaged
    {
        var getter = cursor.GetGetter<T>(column);
        T value = default;
        return () =>
        {
            getter(ref value);
            hash.AppendData(MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)));
        };
    }

    private static Action Vector<T>(DataViewRowCursor cursor, DataViewSchema.Column column, IncrementalHash hash) where T : unmanaged
    {
        var getter = cursor.GetGetter<VBuffer<T>>(column);
        VBuffer<T> value = default;
        return () =>
        {
            getter(ref value);
            AppendLength(hash, value.Length);
            ReadOnlySpan<T> values = value.IsDense ? value.GetValues() : value.DenseValues().ToArray();
            hash.AppendData(MemoryMarshal.AsBytes(values));
        };
    }

    private static void AppendLength(IncrementalHash hash, int length) => hash.AppendData(BitConverter.GetBytes(length));

    private static void AppendText(IncrementalHash hash, string text) => hash.AppendData(Encoding.UTF8.GetBytes(text));
}
