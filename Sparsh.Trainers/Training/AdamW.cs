using Sparsh.Trainers.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Training;

/// <summary>
/// TorchSharp's AdamW with the same state, checkpoint format and arithmetic, stepping with explicit Scalars. TorchSharp's
/// own step passes implicitly converted Scalars (<c>value: 1 - beta2</c>) to native calls; such a temporary is tracked by
/// no dispose scope and has a finalizer, so a garbage collection during the call can free it while libtorch reads it
/// (seen once as "Scalar toFloat: Expected false to be true" in <c>addcmul_</c> on a loaded machine). Here every Scalar
/// lives until the step ends (the alpha of <c>add_</c> too: <see cref="KeptScalars"/>), as in the pretraining optimizer.
/// It keeps the name AdamW because TorchSharp writes the optimizer's type name into its saved state and checks it on load:
/// checkpoints stay interchangeable with TorchSharp's.
/// </summary>
public sealed class AdamW : TorchSharp.Modules.AdamW
{
    /// <summary>AdamW over parameter groups (each may set its own learning rate), with the given defaults.</summary>
    public AdamW(IEnumerable<ParamGroup> groups, double learningRate, double weightDecay)
        : base(groups, learningRate, weight_decay: weightDecay)
    {
    }

    /// <inheritdoc/>
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = (Options)group.Options;
        double beta1 = options.beta1!.Value, beta2 = options.beta2!.Value, eps = options.eps!.Value;
        double learningRate = options.LearningRate!.Value, weightDecay = options.weight_decay!.Value;
        if (options.amsgrad == true || options.maximize == true)
            throw new NotSupportedException("The supervised loop's AdamW has neither amsgrad nor maximize.");
        using Scalar decay = (1 - learningRate * weightDecay).ToScalar(), beta1Scalar = beta1.ToScalar(), beta2Scalar = beta2.ToScalar(),
            gradientWeight = (1 - beta1).ToScalar(), squareWeight = (1 - beta2).ToScalar(), epsilon = eps.ToScalar();
        foreach (var param in group.Parameters)
        {
            var grad = param.grad;
            if (grad is null) continue;
            var state = (State)_state[param.Handle];
            state.step += 1;
            param.mul_(decay);
            double correction1 = 1 - Math.Pow(beta1, state.step), correction2 = 1 - Math.Pow(beta2, state.step);
            using Scalar secondCorrection = Math.Sqrt(correction2).ToScalar(), stepSize = (-(learningRate / correction1)).ToScalar();
            state.exp_avg.mul_(beta1Scalar).add_(grad, alpha: gradientWeight);
            state.exp_avg_sq.mul_(beta2Scalar).addcmul_(grad, grad, value: squareWeight);
            var denominator = (state.exp_avg_sq.sqrt() / secondCorrection).add_(epsilon, KeptScalars.One);
            param.addcdiv_(state.exp_avg, denominator, value: stepSize);
        }
    }, closure);
}
