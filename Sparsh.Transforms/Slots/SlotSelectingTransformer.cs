using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Transforms.Core;

namespace Sparsh.Transforms.Slots;

/// <summary>
/// Copies one slot of a float vector into a float column, e.g. Label[2] (normal force) as the scalar label that
/// ML.NET's single-output regression trainers need. Nothing to fit.
/// </summary>
internal sealed class SlotSelectingTransformer : RowMappingTransformer
{
    private readonly string _inputColumnName;
    private readonly string _outputColumnName;
    private readonly int _slot;

    /// <summary>Selects <paramref name="slot"/> of <paramref name="inputColumnName"/> into <paramref name="outputColumnName"/>.</summary>
    public SlotSelectingTransformer(string outputColumnName, string inputColumnName, int slot)
    {
        if (slot < 0) throw new ArgumentOutOfRangeException(nameof(slot), $"Slot must be non-negative, got {slot}.");
        _inputColumnName = inputColumnName;
        _outputColumnName = outputColumnName;
        _slot = slot;
    }

    /// <inheritdoc/>
    protected override RowMapper CreateMapper(DataViewSchema inputSchema) => new Mapper(inputSchema, this);

    private sealed class Mapper : RowMapper
    {
        private readonly SlotSelectingTransformer _parent;
        private readonly DataViewSchema.Column _input;

        public Mapper(DataViewSchema schema, SlotSelectingTransformer parent) : base(schema)
        {
            _parent = parent;
            _input = schema.GetColumnOrNull(parent._inputColumnName)
                ?? throw new ArgumentOutOfRangeException(nameof(schema), $"Input column '{parent._inputColumnName}' not found; expected a float vector.");
            if (_input.Type is not VectorDataViewType { IsKnownSize: true } vector || vector.ItemType != NumberDataViewType.Single)
                throw new ArgumentOutOfRangeException(nameof(schema), $"Input column '{parent._inputColumnName}' has type {_input.Type}; expected a known-size float vector.");
            if (parent._slot >= vector.Size)
                throw new ArgumentOutOfRangeException(nameof(schema), $"Slot {parent._slot} is outside column '{parent._inputColumnName}' of {vector.Size} values.");
            OutputColumns = [new(parent._outputColumnName, NumberDataViewType.Single)];
        }

        public override IReadOnlyList<OutputColumn> OutputColumns { get; }

        public override IEnumerable<DataViewSchema.Column> Dependencies(IReadOnlyList<int> activeOutputs) => activeOutputs.Count > 0 ? [_input] : [];

        public override Delegate CreateGetter(DataViewRow input, int outputIndex)
        {
            var getter = KnownSizeVectors.GetGetter<float>(input, _input);
            var buffer = default(VBuffer<float>);
            int slot = _parent._slot;
            return (ValueGetter<float>)((ref float value) =>
            {
                getter(ref buffer);
                value = buffer.GetItemOrDefault(slot);
            });
        }
    }
}
