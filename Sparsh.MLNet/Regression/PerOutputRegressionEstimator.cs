using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Transforms.Core;
using Sparsh.Transforms.Slots;

namespace Sparsh.MLNet.Regression;

/// <summary>
/// Fits one standard ML.NET regression trainer per label component (FastTree, LightGBM, SDCA, ...) on a feature
/// vector such as the encoder's pooled embedding, and gathers their scores into one Score vector. ML.NET's
/// regression trainers are single-output, so a force [3] label needs three models.
/// </summary>
public sealed class PerOutputRegressionEstimator : IEstimator<TransformerChain<ITransformer>>
{
    private readonly MLContext _mlContext;
    private readonly Func<string, string, IEstimator<ITransformer>> _trainer;
    private readonly string _featureColumnName;
    private readonly string _labelColumnName;
    private readonly string _scoreColumnName;

    /// <summary>Creates the estimator.</summary>
    /// <param name="mlContext">Context.</param>
    /// <param name="trainer">Creates a trainer from (scalar label column, feature column), e.g. <c>(l, f) => ml.Regression.Trainers.FastTree(l, f)</c>.</param>
    /// <param name="featureColumnName">Known-size float vector of features.</param>
    /// <param name="labelColumnName">Float vector label.</param>
    /// <param name="scoreColumnName">Output float vector, one score per label component.</param>
    internal PerOutputRegressionEstimator(MLContext mlContext, Func<string, string, IEstimator<ITransformer>> trainer,
        string featureColumnName, string labelColumnName = "Label", string scoreColumnName = "Score")
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentException.ThrowIfNullOrEmpty(featureColumnName);
        ArgumentException.ThrowIfNullOrEmpty(labelColumnName);
        ArgumentException.ThrowIfNullOrEmpty(scoreColumnName);
        _mlContext = mlContext;
        _trainer = trainer;
        _featureColumnName = featureColumnName;
        _labelColumnName = labelColumnName;
        _scoreColumnName = scoreColumnName;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Each label component is selected only to train its model; the fitted chain holds just ML.NET's own trained
    /// regressors, column copies and the final concatenation, so it saves into a model zip and scores without labels.
    /// </remarks>
    public TransformerChain<ITransformer> Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int outputs = OutputCount(input.Schema);
        var fitted = new List<ITransformer>();
        var scores = new string[outputs];
        IDataView scored = input;
        for (int o = 0; o < outputs; o++)
        {
            string label = $"{_labelColumnName}.{o}";
            scores[o] = $"{_scoreColumnName}.{o}";
            var labelled = new SlotSelectingTransformer(label, _labelColumnName, o).Transform(scored);
            var model = _trainer(label, _featureColumnName).Fit(labelled);
            var copy = _mlContext.Transforms.CopyColumns(scores[o], "Score").Fit(model.Transform(labelled));
            fitted.Add(model);
            fitted.Add(copy);
            scored = copy.Transform(model.Transform(scored));
        }
        fitted.Add(_mlContext.Transforms.Concatenate(_scoreColumnName, scores).Fit(scored));
        return new TransformerChain<ITransformer>(fitted.ToArray());
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SchemaChecks.RequireFloatVector(inputSchema, _labelColumnName, "a float vector label");
        SchemaChecks.RequireFloatVector(inputSchema, _featureColumnName, "a float feature vector");
        return SchemaShapes.Append(inputSchema, [new(_scoreColumnName, new VectorDataViewType(NumberDataViewType.Single))]);
    }

    private int OutputCount(DataViewSchema schema)
    {
        var features = schema.GetColumnOrNull(_featureColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(schema), $"Feature column '{_featureColumnName}' not found.");
        if (features.Type is not VectorDataViewType { IsKnownSize: true, ItemType: var featureItem } || featureItem != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(schema), $"Feature column '{_featureColumnName}' has type {features.Type}; expected a known-size float vector.");
        var label = schema.GetColumnOrNull(_labelColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(schema), $"Label column '{_labelColumnName}' not found.");
        if (label.Type is not VectorDataViewType { IsKnownSize: true, ItemType: var item } vector || item != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(schema), $"Label column '{_labelColumnName}' has type {label.Type}; expected a known-size float vector.");
        return vector.Size;
    }
}
