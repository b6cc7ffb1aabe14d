using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Encoder;
using Sparsh.Transforms.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Pretraining;

/// <summary>
/// Windows read once from an <see cref="IDataView"/> into flat arrays, batched into encoder input tensors
/// [B, F, T, 6] (flux then positions) and taxel validity [B, T] (valid in every frame).
/// </summary>
internal sealed class WindowSet
{
    private readonly float[] _magnetic;
    private readonly float[] _positions;
    private readonly bool[] _validity;
    private readonly int _frames;
    private readonly int _taxels;

    /// <summary>Number of windows.</summary>
    public int Count { get; }

    private WindowSet(float[] magnetic, float[] positions, bool[] validity, int count, int frames, int taxels)
        => (_magnetic, _positions, _validity, Count, _frames, _taxels) = (magnetic, positions, validity, count, frames, taxels);

    /// <summary>Reads the windows of <paramref name="view"/>; checks sizes against the encoder config, naming the column.</summary>
    public static WindowSet Read(IDataView view, SparshSkinEncoderConfig config, SparshSkinEncoderColumns columns)
    {
        columns.RequireWindowColumns(view.Schema, config);
        var (rows, values) = DataViewReader.ReadFloatColumns(view, columns.MagneticColumnName, columns.TaxelPositionsColumnName);
        var validity = ReadValidity(view, columns.ValidityColumnName, rows, config.FrameCount, config.TaxelCount);
        return new WindowSet(values[0], values[1], validity, rows, config.FrameCount, config.TaxelCount);
    }

    /// <summary>Builds a batch of the given windows on <paramref name="device"/>.</summary>
    public PretrainingBatch Batch(ReadOnlySpan<int> indices, Device device)
    {
        int b = indices.Length, perFrame = _taxels * 3, perWindow = _frames * perFrame;
        var windows = new float[b * _frames * _taxels * 6];
        var valid = new bool[b * _taxels];
        for (int s = 0; s < b; s++)
        {
            int w = indices[s];
            var magnetic = _magnetic.AsSpan(w * perWindow, perWindow);
            var positions = _positions.AsSpan(w * perWindow, perWindow);
            EncoderInput.Interleave(magnetic, positions, windows.AsSpan(s * _frames * _taxels * 6, _frames * _taxels * 6));
            _validity.AsSpan(w * _taxels, _taxels).CopyTo(valid.AsSpan(s * _taxels, _taxels));
        }
        var windowTensor = torch.tensor(windows, [b, _frames, _taxels, 6]).to(device);
        var validTensor = torch.tensor(valid, [b, _taxels]).to(device);
        return new PretrainingBatch(windowTensor, validTensor);
    }

    // A taxel counts as valid for a window when it is valid in all its frames; without a column all are valid.
    private static bool[] ReadValidity(IDataView view, string? columnName, int rows, int frames, int taxels)
    {
        var result = new bool[rows * taxels];
        if (string.IsNullOrEmpty(columnName) || view.Schema.GetColumnOrNull(columnName) is not { } column)
        {
            Array.Fill(result, true);
            return result;
        }
        if (column.Type is not VectorDataViewType { ItemType: BooleanDataViewType } vector || vector.Size != frames * taxels)
            throw new ArgumentOutOfRangeException(nameof(columnName), $"Validity column '{columnName}' has type {column.Type}; expected a bool vector of length {frames * taxels} [{frames}, {taxels}].");
        using var cursor = view.GetRowCursor([column]);
        var getter = KnownSizeVectors.GetGetter<bool>(cursor, column);
        var buffer = default(VBuffer<bool>);
        var dense = new bool[frames * taxels];
        int row = 0;
        while (cursor.MoveNext())
        {
            getter(ref buffer);
            buffer.CopyTo(dense);
            EncoderInput.ValidInAllFrames(dense, frames, result.AsSpan(row * taxels, taxels));
            row++;
        }
        return result;
    }
}
