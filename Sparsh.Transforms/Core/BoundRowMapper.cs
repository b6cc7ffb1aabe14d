using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sparsh.Transforms.Core;

/// <summary>A <see cref="RowMapper"/> bound to one input schema, as ML.NET's prediction engines need it.</summary>
internal sealed class BoundRowMapper : IRowToRowMapper
{
    private readonly RowMapper _mapper;

    public BoundRowMapper(RowMapper mapper)
    {
        _mapper = mapper;
        OutputSchema = MappedRow.BuildSchema(mapper.InputSchema, mapper);
    }

    public DataViewSchema InputSchema => _mapper.InputSchema;

    public DataViewSchema OutputSchema { get; }

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
        => MappedRow.Split(OutputSchema, InputSchema, _mapper, dependingColumns).Input;

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
        => new MappedRow(input, _mapper, OutputSchema, MappedRow.Split(OutputSchema, InputSchema, _mapper, activeColumns).ActiveOutputs);
}
