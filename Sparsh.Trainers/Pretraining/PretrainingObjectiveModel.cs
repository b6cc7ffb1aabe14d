using Sparsh.Trainers.Encoder;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Pretraining;

/// <summary>
/// Everything one pretraining objective trains and keeps (student, teacher, heads, running state) as one module,
/// so its state saves and loads as a unit.
/// </summary>
internal abstract class PretrainingObjectiveModel : nn.Module
{
    /// <summary>Names the module.</summary>
    protected PretrainingObjectiveModel(string name) : base(name) { }

    /// <summary>The encoder to use after pretraining (the teacher for self-distillation).</summary>
    public abstract SparshSkinEncoder InferenceEncoder { get; }

    /// <summary>The parameters the optimizer updates.</summary>
    public abstract IEnumerable<(string Name, Parameter Parameter)> TrainableParameters { get; }

    /// <summary>Computes the losses of a batch.</summary>
    public abstract PretrainingLosses Losses(PretrainingBatch batch, PretrainingStepContext context);

    /// <summary>Called after each optimizer step (EMA teacher update).</summary>
    public virtual void AfterOptimizerStep(double teacherMomentum) { }
}
