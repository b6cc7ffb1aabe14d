using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Decoders;
using Sparsh.Transforms.Core;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Hiss;

/// <summary>
/// HiSS's input held in memory: each window's flux frames [frames, values per frame], with readings of invalid taxels set
/// to zero (HiSS has no attention mask to leave them out, and zero is the normalised resting value).
/// </summary>
internal sealed class HissInputs : ISequenceInputs
{
    private readonly float[] _values;   // [rows, frames, values per frame]
    private readonly HissInputShape _shape;
    private readonly Device _device;

    private HissInputs(float[] values, int rows, HissInputShape shape, Device device)
        => (_values, Rows, _shape, _device) = (values, rows, shape, device);

    /// <inheritdoc/>
    public int Rows { get; }

    /// <summary>Reads the flux column (and the validity column, when the view has it), checking its shape against <paramref name="shape"/>.</summary>
    public static HissInputs Read(IDataView input, HissRegressorOptions options, HissInputShape shape, Device device)
    {
        var actual = HissInputShape.Of(input.Schema, options.MagneticColumnName);
        if (actual != shape)
            throw new ArgumentOutOfRangeException(nameof(input),
                $"Column '{options.MagneticColumnName}' holds {actual.Frames} frames of {actual.ValuesPerFrame} values; the model reads {shape.Frames} frames of {shape.ValuesPerFrame}.");
        var (rows, values) = DataViewReader.ReadFloatColumns(input, options.MagneticColumnName);
        var flux = values[0];
        if (!string.IsNullOrEmpty(options.ValidityColumnName) && input.Schema.GetColumnOrNull(options.ValidityColumnName) is { } column)
            ZeroInvalid(input, column, flux, shape);
        return new HissInputs(flux, rows, shape, device);
    }

    private static void ZeroInvalid(IDataView input, DataViewSchema.Column column, float[] flux, HissInputShape shape)
    {
        int taxels = shape.ValuesPerFrame / 3, perWindow = shape.Frames * taxels;
        if (column.Type is not VectorDataViewType { ItemType: BooleanDataViewType } vector || vector.Size != perWindow || shape.ValuesPerFrame % 3 != 0)
            throw new ArgumentOutOfRangeException(nameof(input),
                $"Validity column '{column.Name}' has type {column.Type}; expected a bool vector of length {perWindow} [{shape.Frames}, {taxels}].");
        using var cursor = input.GetRowCursor([column]);
        var getter = KnownSizeVectors.GetGetter<bool>(cursor, column);
        var buffer = default(VBuffer<bool>);
        long row = 0;
        while (cursor.MoveNext())
        {
            getter(ref buffer);
            int i = 0;
            foreach (bool valid in buffer.DenseValues())
            {
                if (!valid) flux.AsSpan((int)(row * perWindow + i) * 3, 3).Clear();
                i++;
            }
            row++;
        }
    }

    /// <inheritdoc/>
    public (Tensor Input, Tensor? Validity) Gather(long[] rows, int sequences)
    {
        int perWindow = _shape.Frames * _shape.ValuesPerFrame;
        var batch = new float[rows.Length * perWindow];
        for (int i = 0; i < rows.Length; i++) _values.AsSpan((int)rows[i] * perWindow, perWindow).CopyTo(batch.AsSpan(i * perWindow));
        return (tensor(batch, [sequences, rows.Length / sequences, _shape.Frames, _shape.ValuesPerFrame]).to(_device), null);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}
