using System.Runtime.InteropServices;
using Sparsh.Trainers.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Pretraining;

/// <summary>
/// AdamW with two parameter groups (decayed, not decayed) whose learning rate and weight decay are set every step by
/// the schedules, and whose whole state (step count, first and second moments) is written to and read from
/// checkpoints exactly, so a resumed run continues bit for bit.
/// </summary>
internal sealed class ScheduledAdamW : IDisposable
{
    private readonly Parameter[] _decayed;
    private readonly Parameter[] _notDecayed;
    private readonly Tensor[] _firstMoment;
    private readonly Tensor[] _secondMoment;
    private readonly double _beta1;
    private readonly double _beta2;
    private readonly double _epsilon;

    /// <summary>Steps taken.</summary>
    public long StepCount { get; private set; }

    /// <summary>Creates the optimizer; moments start at zero.</summary>
    public ScheduledAdamW(IEnumerable<Parameter> decayed, IEnumerable<Parameter> notDecayed, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        _decayed = decayed.ToArray();
        _notDecayed = notDecayed.ToArray();
        var all = All.ToArray();
        _firstMoment = all.Select(p => torch.zeros_like(p).requires_grad_(false)).ToArray();
        _secondMoment = all.Select(p => torch.zeros_like(p).requires_grad_(false)).ToArray();
        (_beta1, _beta2, _epsilon) = (beta1, beta2, epsilon);
    }

    /// <summary>All parameters, decayed first.</summary>
    public IEnumerable<Parameter> All => _decayed.Concat(_notDecayed);

    /// <summary>Clears gradients.</summary>
    public void ZeroGrad()
    {
        foreach (var p in All) p.grad?.zero_();
    }

    /// <summary>One AdamW step with decoupled weight decay applied to the decayed group only.</summary>
    public void Step(double learningRate, double weightDecay)
    {
        StepCount++;
        double correction1 = 1 - Math.Pow(_beta1, StepCount), correction2 = 1 - Math.Pow(_beta2, StepCount);
        using var noGrad = torch.no_grad();
        // Explicit Scalars, disposed at the end of the step: TorchSharp leaves implicitly converted ones to the
        // finalizer (native churn on every parameter of every step).
        using Scalar decay = (1 - learningRate * weightDecay).ToScalar(), beta1 = _beta1.ToScalar(), beta2 = _beta2.ToScalar(),
            gradientWeight = (1 - _beta1).ToScalar(), squareWeight = (1 - _beta2).ToScalar(), epsilon = _epsilon.ToScalar(),
            secondCorrection = Math.Sqrt(correction2).ToScalar(), stepSize = (-learningRate / correction1).ToScalar();
        int i = 0;
        foreach (var p in All)
        {
            bool decayed = i < _decayed.Length;
            var grad = p.grad;
            if (grad is not null)
            {
                using var scope = NewDisposeScope();
                if (decayed && weightDecay != 0) p.mul_(decay);
                _firstMoment[i].mul_(beta1).add_(grad, alpha: gradientWeight);
                _secondMoment[i].mul_(beta2).addcmul_(grad, grad, value: squareWeight);
                var denominator = _secondMoment[i].sqrt().div_(secondCorrection).add_(epsilon, KeptScalars.One);
                p.addcdiv_(_firstMoment[i], denominator, value: stepSize);
            }
            i++;
        }
    }

    /// <summary>Writes the step count and the moments.</summary>
    public void Save(BinaryWriter writer)
    {
        writer.Write(StepCount);
        writer.Write(_firstMoment.Length);
        foreach (var tensor in _firstMoment.Concat(_secondMoment)) WriteTensor(writer, tensor);
    }

    /// <summary>Reads what <see cref="Save"/> wrote into this optimizer (same parameters, same order).</summary>
    public void Load(BinaryReader reader)
    {
        StepCount = reader.ReadInt64();
        int count = reader.ReadInt32();
        if (count != _firstMoment.Length) throw new InvalidDataException($"Optimizer state holds {count} parameters, the model has {_firstMoment.Length}.");
        foreach (var tensor in _firstMoment.Concat(_secondMoment)) ReadTensor(reader, tensor);
    }

    internal static void WriteTensor(BinaryWriter writer, Tensor tensor)
    {
        using var cpu = tensor.detach().cpu().contiguous();
        writer.Write(cpu.numel());
        writer.Write(MemoryMarshal.AsBytes(cpu.data<float>().ToArray().AsSpan()));
    }

    internal static void ReadTensor(BinaryReader reader, Tensor into)
    {
        long count = reader.ReadInt64();
        if (count != into.numel()) throw new InvalidDataException($"Stored tensor has {count} values, expected {into.numel()}.");
        var values = new float[count];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        using var noGrad = torch.no_grad();
        using var source = torch.tensor(values).view(into.shape);
        into.copy_(source);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var tensor in _firstMoment.Concat(_secondMoment)) tensor.Dispose();
    }
}
