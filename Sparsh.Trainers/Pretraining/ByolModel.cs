using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Masking;
using Sparsh.Trainers.Objectives;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Pretraining;

/// <summary>
/// The BYOL baseline (Bootstrap Your Own Latent): an online network (encoder, projector, predictor) learns to predict
/// the projection that an EMA target network (encoder, projector) gives another view of the same window. The views are
/// self-distillation's block-masked views of the hand: the target sees the global views, the online network every view
/// (global then local), and every online view is compared with every other view's target (<see cref="ByolLoss"/>).
/// No mask tokens and no negatives: the predictor and the slowly moving target are what keep the representation from
/// collapsing. The online encoder is the one kept after pretraining, as in the paper.
/// </summary>
internal sealed class ByolModel : PretrainingObjectiveModel
{
    private readonly SparshSkinEncoder online;
    private readonly ByolMlp online_projector;
    private readonly ByolMlp predictor;
    private readonly SparshSkinEncoder target;
    private readonly ByolMlp target_projector;
    private readonly BlockMasking _masking;

    /// <summary>Builds the online network from torch's current random state and copies it into the target.</summary>
    public ByolModel(SparshSkinEncoderConfig config, BlockMasking masking, ByolSettings settings) : base(nameof(ByolModel))
    {
        settings.Validate();
        _masking = masking;
        online = new SparshSkinEncoder(config);
        online_projector = new ByolMlp("online_projector", config.EmbeddingDim, settings.ProjectorHiddenDim, settings.ProjectionDim);
        predictor = new ByolMlp("predictor", settings.ProjectionDim, settings.PredictorHiddenDim, settings.ProjectionDim);
        // The target has no drop-path: it is an average of the online network and gives the regression targets.
        target = new SparshSkinEncoder(config with { DropPathRate = 0 });
        target_projector = new ByolMlp("target_projector", config.EmbeddingDim, settings.ProjectorHiddenDim, settings.ProjectionDim);
        RegisterComponents();
        var onlineParameters = OnlineParameters();
        var targetParameters = TargetParameters();
        using (torch.no_grad())
            for (int i = 0; i < targetParameters.Length; i++) targetParameters[i].copy_(onlineParameters[i]);
        foreach (var p in targetParameters) p.requires_grad_(false);
    }

    /// <summary>The online encoder (the one BYOL keeps).</summary>
    public override SparshSkinEncoder InferenceEncoder => online;

    /// <summary>The online encoder.</summary>
    public SparshSkinEncoder Online => online;

    /// <summary>The EMA target encoder.</summary>
    public SparshSkinEncoder Target => target;

    /// <inheritdoc/>
    public override IEnumerable<(string Name, Parameter Parameter)> TrainableParameters
        => online.named_parameters().Select(p => ("online." + p.name, p.parameter))
            .Concat(online_projector.named_parameters().Select(p => ("online_projector." + p.name, p.parameter)))
            .Concat(predictor.named_parameters().Select(p => ("predictor." + p.name, p.parameter)));

    /// <inheritdoc/>
    public override void AfterOptimizerStep(double teacherMomentum) => TeacherEma.Update(TargetParameters(), OnlineParameters(), teacherMomentum);

    // Fetched on use: moving the module to a device replaces its parameter tensors.
    private Tensor[] OnlineParameters() => [.. online.parameters(), .. online_projector.parameters()];

    private Tensor[] TargetParameters() => [.. target.parameters(), .. target_projector.parameters()];

    /// <inheritdoc/>
    public override PretrainingLosses Losses(PretrainingBatch batch, PretrainingStepContext context)
    {
        using var scope = NewDisposeScope();
        var device = batch.Windows.device;
        int b = (int)batch.Windows.shape[0];
        var views = _masking.Sample(context.Random, b);
        int g = views.Global.Length, l = views.Local.Length;
        var globalKeep = ViewIndices.Of(views.Global, device);
        var globalWindows = batch.Windows.repeat(g, 1, 1, 1);
        var globalValidity = batch.Validity.repeat(g, 1);

        Tensor targets;
        using (torch.no_grad())
        {
            var targetOut = target.Encode(globalWindows, globalKeep, globalValidity);
            targets = PerView(target_projector, targetOut.Register, g);
        }

        var onlineGlobal = online.Encode(globalWindows, globalKeep, globalValidity);
        var registers = onlineGlobal.Register;
        if (l > 0)
        {
            var localKeep = ViewIndices.Of(views.Local, device);
            var onlineLocal = online.Encode(batch.Windows.repeat(l, 1, 1, 1), localKeep, batch.Validity.repeat(l, 1));
            registers = torch.cat([registers, onlineLocal.Register], 0);
        }
        var projections = PerView(online_projector, registers, g + l);
        var predictions = PerView(predictor, projections.view((g + l) * b, -1), g + l);
        var loss = ByolLoss.Compute(predictions, targets);

        // Collapse monitor: per-dimension spread across the batch of the unit-length target projections, times sqrt(D) so
        // that 0 = every window alike and about 1 = spread over the whole sphere.
        var unitTargets = nn.functional.normalize(targets, p: 2, dim: -1);
        double targetSpread = (unitTargets.std([1L]).mean() * Math.Sqrt(targets.shape[2])).item<float>();
        var terms = new Dictionary<string, double>
        {
            ["byol"] = loss.item<float>(),
            ["target_std"] = targetSpread,
            ["online_std"] = onlineGlobal.Register.std([0L]).mean().item<float>(),
        };
        return new PretrainingLosses(loss.MoveToOuterDisposeScope(), terms, double.NaN);
    }

    // [views x B, D] -> [views, B, D'], one view at a time so that batch norm takes each view's own statistics, as BYOL
    // does when it passes its two views separately.
    private static Tensor PerView(ByolMlp mlp, Tensor rows, int viewCount)
        => torch.stack(rows.chunk(viewCount, 0).Select(mlp.forward), 0);
}
