using Sparsh.Trainers.Decoders;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Hiss;

/// <summary>
/// A two-level sequence model in the manner of HiSS (Bhirangi et al., 2024), with LSTMs where the paper uses state-space
/// layers: a low-level LSTM reads each chunk (one window: its frames of raw flux at the sensor rate) and its final state
/// summarises the chunk; a high-level LSTM reads the chunk summaries in time order; a linear head maps each high-level
/// state to the window's outputs. Both levels are causal, so a window's output depends only on itself and earlier windows.
/// </summary>
public sealed class HissModel : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly LSTM chunk;
    private readonly LayerNorm summary_norm;
    private readonly LSTM sequence;
    private readonly Linear head;
    // Per-output factor applied after the activation (see OutputScaling).
    private readonly Tensor output_scale;
    private readonly OutputActivation[] _activations;

    /// <summary>Creates the model for frames of <paramref name="valuesPerFrame"/> features.</summary>
    public HissModel(int valuesPerFrame, int chunkHiddenSize, int sequenceHiddenSize, int outputs, IReadOnlyList<OutputActivation>? activations = null)
        : base(nameof(HissModel))
    {
        if (activations != null && activations.Count != outputs)
            throw new ArgumentException($"{activations.Count} output activations given for {outputs} outputs.");
        _activations = activations?.ToArray() ?? Enumerable.Repeat(OutputActivation.None, outputs).ToArray();
        ValuesPerFrame = valuesPerFrame;
        chunk = nn.LSTM(valuesPerFrame, chunkHiddenSize, batchFirst: true);
        summary_norm = nn.LayerNorm(chunkHiddenSize);
        sequence = nn.LSTM(chunkHiddenSize, sequenceHiddenSize, batchFirst: true);
        head = nn.Linear(sequenceHiddenSize, outputs);
        output_scale = ones(outputs);
        RegisterComponents();
    }

    /// <summary>Features per frame it reads.</summary>
    public int ValuesPerFrame { get; }

    /// <summary>The activation of each output, in order.</summary>
    public IReadOnlyList<OutputActivation> Activations => _activations;

    /// <summary>Sets the per-output factor applied after the activations (labels' spread, so outputs learn at unit scale).</summary>
    public void SetOutputScale(IReadOnlyList<float> scale)
    {
        if (scale.Count != _activations.Length) throw new ArgumentException($"{scale.Count} scales given for {_activations.Length} outputs.", nameof(scale));
        using var noGrad = no_grad();
        output_scale.copy_(tensor(scale.ToArray()).to(output_scale.device));
    }

    /// <summary>Flux [B, S, frames, values per frame] (validity unused: invalid readings arrive as zeros) to per-window outputs [B, S, outputs].</summary>
    public override Tensor forward(Tensor flux, Tensor? validity)
    {
        using var scope = NewDisposeScope();
        long batch = flux.shape[0], steps = flux.shape[1];
        var (_, chunkState, _) = Run(chunk, flux.reshape(batch * steps, flux.shape[2], flux.shape[3]));
        // The low-level model's last hidden state [1, B*S, H] summarises the chunk.
        var summaries = summary_norm.forward(chunkState[-1]).view(batch, steps, -1);
        var (states, _, _) = Run(sequence, summaries);
        var raw = head.forward(states);
        return (DecoderHeads.Activate(raw, _activations) * output_scale).MoveToOuterDisposeScope();
    }

    // libtorch 2.10's CPU LSTM takes a oneDNN kernel when gradients are off, and on a CPU with AVX-512 that kernel
    // returned wrong states (0.36 off a hand-computed LSTM; HissModelTests), so scores disagreed with the model
    // trained. With gradients on it takes the native kernel, which matches the hand computation; inference pays for
    // the graph it records, then drops it.
    private static (Tensor Output, Tensor Hidden, Tensor Cell) Run(LSTM lstm, Tensor input)
    {
        bool gradients = is_grad_enabled();
        using var enable = enable_grad();
        var (output, hidden, cell) = lstm.forward(input);
        return gradients ? (output, hidden, cell) : (output.detach(), hidden.detach(), cell.detach());
    }
}
