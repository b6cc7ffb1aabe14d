using System.Globalization;
using Google.Protobuf;
using Sparsh.Scoring.ModelFiles;
using Sparsh.Transforms.Onnx.Proto;

namespace Sparsh.Transforms.Onnx;

/// <summary>
/// Builds one ONNX graph (default domain, opset <see cref="OpsetVersion"/>) and writes it as a model file. Inputs,
/// float and int64 initializers and nodes are added in order; every generated name is unique and depends only on the
/// order of calls, so the same export always writes the same bytes. <see cref="Validate"/> checks the graph before
/// it is written.
/// </summary>
/// <remarks>Nodes must be added after the tensors they read, which keeps the graph topologically sorted as ONNX requires.</remarks>
public sealed class OnnxGraphBuilder
{
    /// <summary>Operator set version of the default domain the graph is written against.</summary>
    public const int OpsetVersion = 17;

    /// <summary>ONNX IR version written into the model (8 goes with opset 17).</summary>
    public const long IrVersion = 8;

    private readonly GraphProto _graph;
    private readonly HashSet<string> _usedNames = new(StringComparer.Ordinal);
    private readonly List<string> _scopes = [];
    private readonly SortedDictionary<string, string> _metadata = new(StringComparer.Ordinal);

    /// <summary>Starts an empty graph.</summary>
    public OnnxGraphBuilder(string graphName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(graphName);
        _graph = new GraphProto { Name = graphName };
    }

    /// <summary>Names of the graph inputs, in order.</summary>
    public IReadOnlyList<string> InputNames => _graph.Input.Select(v => v.Name).ToArray();

    /// <summary>Names of the graph outputs, in order.</summary>
    public IReadOnlyList<string> OutputNames => _graph.Output.Select(v => v.Name).ToArray();

    /// <summary>
    /// Prefixes names generated until the returned scope is disposed (<c>validity/Where</c>), so a step's subgraph
    /// reads as one block in a viewer. Scopes nest.
    /// </summary>
    public IDisposable Scope(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _scopes.Add(name);
        return new ScopeExit(this, _scopes.Count);
    }

    /// <summary>Adds a graph input with exactly this name (it is what callers feed by).</summary>
    /// <exception cref="ArgumentException">The name is already used in the graph.</exception>
    public string AddInput(string name, OnnxElementType type, params OnnxDimension[] shape)
    {
        _graph.Input.Add(ValueInfo(Reserve(name, "Graph input"), type, shape));
        return name;
    }

    /// <summary>Adds a constant float tensor; returns its (unique) name.</summary>
    /// <exception cref="ArgumentException">The number of values does not match the dimensions.</exception>
    public string AddInitializer(string nameHint, ReadOnlySpan<float> values, params long[] dims)
        => AddFilled(NewTensor(nameHint, OnnxElementType.Float, values.Length, dims), values);

    /// <summary>Adds a constant int64 tensor (shapes, axes, indices); returns its (unique) name.</summary>
    /// <exception cref="ArgumentException">The number of values does not match the dimensions.</exception>
    public string AddInitializer(string nameHint, ReadOnlySpan<long> values, params long[] dims)
        => AddFilled(NewTensor(nameHint, OnnxElementType.Int64, values.Length, dims), values);

    /// <summary>
    /// Adds a constant float tensor with exactly the name <paramref name="name"/>, outside any scope: names a reader must
    /// find again (e.g. module weights that are mapped back to their state-dict keys) are not left to the order of calls.
    /// </summary>
    /// <exception cref="ArgumentException">The name is already used, or the values do not match the dimensions.</exception>
    public string AddNamedInitializer(string name, ReadOnlySpan<float> values, params long[] dims)
        => AddFilled(NewTensor(name, OnnxElementType.Float, values.Length, dims, exactName: true), values);

    /// <summary>Adds a constant int64 tensor with exactly the name <paramref name="name"/> (see the float overload).</summary>
    /// <exception cref="ArgumentException">The name is already used, or the values do not match the dimensions.</exception>
    public string AddNamedInitializer(string name, ReadOnlySpan<long> values, params long[] dims)
        => AddFilled(NewTensor(name, OnnxElementType.Int64, values.Length, dims, exactName: true), values);

    /// <summary>
    /// Stores a key/value pair in the model's <c>metadata_props</c>, e.g. the architecture of a module in the graph, so
    /// that a reader can rebuild it. Parts of a graph add their own entries; <see cref="ToModelBytes"/> writes them sorted.
    /// </summary>
    /// <exception cref="ArgumentException">The key already holds a different value.</exception>
    public void AddMetadata(string key, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(value);
        if (_metadata.TryGetValue(key, out var existing) && existing != value)
            throw new ArgumentException($"Metadata '{key}' of graph '{_graph.Name}' is already set to a different value.", nameof(key));
        _metadata[key] = value;
    }

    /// <summary>A float scalar constant (rank 0).</summary>
    public string AddScalar(string nameHint, float value) => AddInitializer(nameHint, [value]);

    /// <summary>A 1-D int64 constant, e.g. the axes of Unsqueeze or a target shape of Reshape.</summary>
    public string AddInt64s(string nameHint, params long[] values) => AddInitializer(nameHint, values, values.Length);

    /// <summary>Adds a node with one output and returns the output's generated name.</summary>
    /// <param name="opType">Operator of the default ONNX domain, e.g. <c>MatMul</c>.</param>
    /// <param name="inputs">Tensor names read, in the operator's order; "" for a skipped optional input.</param>
    /// <param name="outputHint">Base of the output name; the operator name when null.</param>
    /// <param name="attributes">Attributes of the node.</param>
    public string AddNode(string opType, IReadOnlyList<string> inputs, string? outputHint = null, params OnnxAttribute[] attributes) =>
        AddNode(opType, inputs, 1, outputHint, attributes)[0];

    /// <summary>Adds a node with several outputs (e.g. Split) and returns their generated names.</summary>
    public IReadOnlyList<string> AddNode(string opType, IReadOnlyList<string> inputs, int outputCount, string? outputHint, params OnnxAttribute[] attributes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(outputCount, 1);
        var hint = outputHint ?? opType;
        var outputs = Enumerable.Range(0, outputCount).Select(i => Unique(outputCount == 1 ? hint : $"{hint}_{i}")).ToArray();
        AddNodeWithOutputs(opType, inputs, outputs, attributes);
        return outputs;
    }

    /// <summary>
    /// Adds a node writing tensors with exactly the given names (e.g. a graph output's name). Names are not made
    /// unique here; <see cref="Validate"/> reports clashes.
    /// </summary>
    public void AddNodeWithOutputs(string opType, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, params OnnxAttribute[] attributes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(opType);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        if (outputs.Count == 0) throw new ArgumentException($"A {opType} node needs at least one output.", nameof(outputs));
        foreach (var output in outputs) _usedNames.Add(output);
        var node = new NodeProto { OpType = opType, Name = Unique(opType) };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        foreach (var attribute in attributes) node.Attribute.Add(attribute.Proto.Clone());
        _graph.Node.Add(node);
    }

    /// <summary>
    /// Declares graph output <paramref name="name"/> holding <paramref name="tensor"/>; when the names differ an
    /// Identity node gives the tensor its public name.
    /// </summary>
    public void AddOutput(string tensor, string name, OnnxElementType type, params OnnxDimension[] shape)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tensor);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (tensor != name) AddNodeWithOutputs("Identity", [tensor], [name]);
        _graph.Output.Add(ValueInfo(name, type, shape));
    }

    /// <summary>
    /// Checks the graph: at least one output; names not empty; every node input defined earlier by a graph input,
    /// an initializer or a node; no tensor defined twice; every declared output produced.
    /// </summary>
    /// <exception cref="InvalidOperationException">The first problem found, naming the node and tensor.</exception>
    public void Validate()
    {
        var definedBy = new Dictionary<string, string>(StringComparer.Ordinal);
        void Define(string tensor, string by)
        {
            if (string.IsNullOrEmpty(tensor))
                throw Invalid($"{by} defines a tensor with an empty name.");
            if (!definedBy.TryAdd(tensor, by))
                throw Invalid($"Tensor '{tensor}' is defined twice: by {definedBy[tensor]} and by {by}.");
        }

        foreach (var input in _graph.Input) Define(input.Name, $"graph input '{input.Name}'");
        foreach (var initializer in _graph.Initializer) Define(initializer.Name, $"initializer '{initializer.Name}'");
        foreach (var node in _graph.Node)
        {
            var label = $"node '{node.Name}' ({node.OpType})";
            foreach (var input in node.Input)
                if (input.Length > 0 && !definedBy.ContainsKey(input))
                    throw Invalid($"The {label} reads tensor '{input}', which no graph input, initializer or earlier node defines.");
            foreach (var output in node.Output) Define(output, label);
        }

        if (_graph.Output.Count == 0) throw Invalid("The graph declares no outputs.");
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var output in _graph.Output)
        {
            if (!declared.Add(output.Name)) throw Invalid($"Graph output '{output.Name}' is declared twice.");
            if (!definedBy.ContainsKey(output.Name))
                throw Invalid($"Graph output '{output.Name}' is declared but no node, input or initializer produces it.");
        }
    }

    /// <summary>Validates the graph and writes the model file (ONNX protobuf).</summary>
    /// <param name="docString">Description stored in the model, e.g. what the graph computes.</param>
    /// <param name="metadata">Extra key/value pairs stored in the model (units, column names).</param>
    public byte[] ToModelBytes(string? docString = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        Validate();
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "Sparsh.MLNet",
            ProducerVersion = typeof(OnnxGraphBuilder).Assembly.GetName().Version?.ToString() ?? "0",
            DocString = docString ?? "",
            Graph = _graph.Clone(),
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        var entries = new SortedDictionary<string, string>(_metadata, StringComparer.Ordinal);
        if (metadata is not null)
            foreach (var (key, value) in metadata)
                if (!entries.TryAdd(key, value) && entries[key] != value)
                    throw new ArgumentException($"Metadata '{key}' of graph '{_graph.Name}' is given twice with different values.", nameof(metadata));
        // The graph's SHA-256 lets every reader detect a model altered after saving (OnnxModelGuard.Verify).
        if (!entries.TryAdd(OnnxModelGuard.GraphHashKey, OnnxModelGuard.GraphHash(model.Graph.ToByteArray())))
            throw new ArgumentException($"Metadata key '{OnnxModelGuard.GraphHashKey}' is reserved for the graph's checksum.", nameof(metadata));
        foreach (var (key, value) in entries)
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return model.ToByteArray();
    }

    private InvalidOperationException Invalid(string message) => new($"ONNX graph '{_graph.Name}': {message}");

    private TensorProto NewTensor(string nameHint, OnnxElementType type, int valueCount, long[] dims, bool exactName = false)
    {
        long expected = 1;
        foreach (var dim in dims)
        {
            if (dim < 0) throw new ArgumentException($"Initializer '{nameHint}' has negative dimension {dim}.", nameof(dims));
            expected *= dim;
        }
        if (expected != valueCount)
            throw new ArgumentException(
                $"Initializer '{nameHint}' has {valueCount} values but dimensions [{string.Join(", ", dims)}] hold {expected}.", nameof(dims));
        var tensor = new TensorProto { Name = exactName ? Reserve(nameHint, "Initializer") : Unique(nameHint), DataType = (int)type };
        tensor.Dims.Add(dims);
        return tensor;
    }

    private static ValueInfoProto ValueInfo(string name, OnnxElementType type, OnnxDimension[] shape)
    {
        var tensorShape = new TensorShapeProto();
        foreach (var dim in shape)
            tensorShape.Dim.Add(dim.IsDynamic ? new TensorShapeProto.Types.Dimension { DimParam = dim.Name } : new TensorShapeProto.Types.Dimension { DimValue = dim.Size });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = tensorShape } },
        };
    }

    // Names callers or readers rely on (graph inputs, module weights) are taken as given, never suffixed.
    private string Reserve(string name, string what)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_usedNames.Add(name))
            throw new ArgumentException($"{what} '{name}' clashes with a name already used in graph '{_graph.Name}'.", nameof(name));
        return name;
    }

    private string AddFilled(TensorProto tensor, ReadOnlySpan<float> values)
    {
        foreach (var value in values) tensor.FloatData.Add(value);
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    private string AddFilled(TensorProto tensor, ReadOnlySpan<long> values)
    {
        foreach (var value in values) tensor.Int64Data.Add(value);
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>The scoped hint if unused, else the first free <c>hint_2</c>, <c>hint_3</c>, ...; reserves it.</summary>
    private string Unique(string hint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hint);
        var scoped = _scopes.Count == 0 ? hint : $"{string.Join('/', _scopes)}/{hint}";
        if (_usedNames.Add(scoped)) return scoped;
        for (var n = 2; ; n++)
        {
            var candidate = string.Create(CultureInfo.InvariantCulture, $"{scoped}_{n}");
            if (_usedNames.Add(candidate)) return candidate;
        }
    }

    private sealed class ScopeExit(OnnxGraphBuilder builder, int depth) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            // Scopes close innermost first; closing an outer one drops any inner ones left open.
            if (builder._scopes.Count >= depth) builder._scopes.RemoveRange(depth - 1, builder._scopes.Count - depth + 1);
        }
    }
}
